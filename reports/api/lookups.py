"""The API's look-ups: the round and the municipality a request names, found or a 404
(who may see what municipalities.access decides). Whatever a viewer may not see is a
404, never a 403: an outsider learns no more than that there is nothing for them there."""

import re

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from municipalities.access import is_national_staff, municipality_for_user
from municipalities.models import Municipality
from reports.api import selectors
from surveys.models import SurveyRound

YEAR = re.compile(r"[0-9]{4}")
MUNICIPALITY_CODE = re.compile(r"[0-9]{4}")


def viewer_is_staff(request: Request) -> bool:
    return is_national_staff(request.user)


def _year(year: str) -> int:
    if not YEAR.fullmatch(year):
        raise NotFound(_("Det finns ingen sådan omgång."))
    return int(year)


def round_for_national(request: Request, year: str) -> SurveyRound:
    """A published round for everyone; any round for national staff; else 404."""
    survey_round = selectors.round_for_year(
        _year(year), published_only=not viewer_is_staff(request)
    )
    if survey_round is None:
        raise NotFound(_("Det finns ingen publicerad omgång för %(year)s.") % {"year": year})
    return survey_round


def round_for_municipality(year: str) -> SurveyRound:
    """A municipality's own results are there for it from the round's start."""
    survey_round = selectors.round_for_year(_year(year), published_only=False)
    if survey_round is None:
        raise NotFound(_("Det finns ingen omgång för %(year)s.") % {"year": year})
    return survey_round


def municipality_for_viewer(request: Request, code: str) -> Municipality:
    """Its members and national staff only (municipalities.access decides)."""
    try:
        if not MUNICIPALITY_CODE.fullmatch(code):
            raise Http404
        return municipality_for_user(request.user, code)
    except Http404:
        raise NotFound(_("Det finns ingen kommun med den koden vars resultat du får se.")) from None
