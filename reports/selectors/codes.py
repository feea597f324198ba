"""A questionnaire's codes in the published order, for every report that lists them: the
national table, the dashboard and the API. One query."""

from dataclasses import dataclass
from itertools import groupby

from django.utils.translation import gettext_lazy as _

from reports.models import TOTAL_CODE, Level
from surveys.models import Indicator


@dataclass(frozen=True)
class Code:
    level: str
    code: str
    name: str


def questionnaire_codes(questionnaire_id: int) -> list[Code]:
    """The table's rows in the published order: each cornerstone's indicators, then the
    cornerstone; the total last."""
    indicators = (
        Indicator.objects.filter(cornerstone__questionnaire_id=questionnaire_id)
        .select_related("cornerstone")
        .order_by("cornerstone__order", "order")
    )
    codes: list[Code] = []
    for cornerstone, items in groupby(indicators, key=lambda indicator: indicator.cornerstone):
        codes += [Code(Level.INDICATOR, item.code, item.localized("text")) for item in items]
        codes.append(Code(Level.CORNERSTONE, cornerstone.code, cornerstone.localized("name")))
    codes.append(Code(Level.TOTAL, TOTAL_CODE, str(_("E-förvaltning totalt"))))
    return codes
