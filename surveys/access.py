"""Who may answer for a municipality in a round.

Two ways in: the personal link of an active invitation (kept in the session, checked on
every request, so a link handed over stops working at once), or a signed-in user with a
membership of the municipality. Everyone else gets a 404, like any outsider.
"""

import re
from dataclasses import dataclass, replace

from django.contrib.auth import logout
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.crypto import salted_hmac

from municipalities.access import is_national_staff, member_municipality, municipality_for_user
from municipalities.models import Municipality
from surveys.errors import StartFirstError
from surveys.models import AnswerChange, Invitation, Response, SurveyRound
from surveys.selectors.answering import CornerstonePage, cornerstone_page, official_response
from surveys.services.answering import Editor

INVITATION_SESSION_KEY = "invitation_id"
EDITOR_SESSION_KEY = "editor"
# An account's first and last names hold 300 characters together; the change log 200.
EDITOR_NAME_MAX = AnswerChange._meta.get_field("changed_by_name").max_length
TAB = re.compile(r"[A-Za-z0-9_-]{1,40}")


@dataclass
class AnswerAccess:
    survey_round: SurveyRound
    municipality: Municipality
    invitation: Invitation | None
    editor: Editor | None  # None until the start page has said who is answering


def invitation_sign_in(request: HttpRequest, invitation: Invitation) -> None:
    """The link's holder answers for its municipality; a new session, so nothing leaks."""
    if request.user.is_authenticated:
        logout(request)
    request.session.cycle_key()
    request.session[INVITATION_SESSION_KEY] = invitation.pk
    request.session.pop(EDITOR_SESSION_KEY, None)


def editor_remember(request: HttpRequest, editor: Editor) -> None:
    request.session[EDITOR_SESSION_KEY] = {"name": editor.name, "email": editor.email}


def session_invitation(request: HttpRequest) -> Invitation | None:
    invitation_id = request.session.get(INVITATION_SESSION_KEY)
    if invitation_id is None:
        return None
    return (
        Invitation.objects.select_related("round", "municipality")
        .filter(pk=invitation_id, revoked_at__isnull=True)
        .first()
    )


def answer_access(request: HttpRequest, year: int, code: str) -> AnswerAccess:
    """The round and municipality if this request may answer for them, else 404."""
    survey_round = get_object_or_404(SurveyRound, year=year)
    invitation = session_invitation(request)
    if (
        invitation
        and invitation.round_id == survey_round.pk
        and invitation.municipality.code == code
    ):
        editor = _editor(request, invitation)
        return AnswerAccess(survey_round, invitation.municipality, invitation, editor)
    municipality = member_municipality(request.user, code)
    if municipality is not None:
        return AnswerAccess(survey_round, municipality, None, _editor(request))
    raise Http404


def answer_or_staff_access(request: HttpRequest, year: int, code: str) -> AnswerAccess:
    """Whoever may answer for the municipality, and national staff for any municipality:
    staff read the answers and correct who answers, logged under their own account."""
    if not is_national_staff(request.user):
        return answer_access(request, year, code)
    survey_round = get_object_or_404(SurveyRound, year=year)
    municipality = municipality_for_user(request.user, code)
    return AnswerAccess(survey_round, municipality, None, _account_editor(request.user))


def _editor(request: HttpRequest, invitation: Invitation | None = None) -> Editor | None:
    """Who is typing: as said on the start page in this session; else the account; else,
    for someone back by their personal link, the person the link was sent to, so the
    cornerstone pages work at once when they resume."""
    remembered = request.session.get(EDITOR_SESSION_KEY)
    user = request.user if request.user.is_authenticated else None
    if remembered:
        return Editor(remembered["name"], remembered["email"], user)
    if user is not None:
        return _account_editor(user)
    if invitation is not None and invitation.recipient_email:
        name = invitation.recipient_name or invitation.recipient_email
        return Editor(name[:EDITOR_NAME_MAX], invitation.recipient_email, None)
    return None


def _account_editor(user) -> Editor:
    return Editor((user.get_full_name() or user.email)[:EDITOR_NAME_MAX], user.email, user)


def editor_where(request: HttpRequest, editor: Editor) -> Editor:
    """The editor, with the browser (a keyed digest of its session, never the key itself)
    and the tab (the id the page's script made when it was loaded) that this save came
    from: a conflict with one's own other tab is then told as such."""
    session_key = request.session.session_key or ""
    browser = salted_hmac("surveys.browser", session_key).hexdigest()[:16] if session_key else ""
    tab = request.POST.get("tab", "")
    return replace(editor, browser=browser, tab=tab if TAB.fullmatch(tab) else "")


def ensure_started(access: AnswerAccess, response: Response | None) -> None:
    """While the round is open, answering starts by saying who answers (StartFirstError)."""
    if access.survey_round.is_open and (response is None or access.editor is None):
        raise StartFirstError


def answer_page(access: AnswerAccess, number: int) -> tuple[Response | None, CornerstonePage]:
    """The response and the cornerstone page it is answered on, once it has been started;
    404 for a page the questionnaire does not have."""
    response = official_response(access.survey_round, access.municipality)
    ensure_started(access, response)
    page = cornerstone_page(
        survey_round=access.survey_round,
        municipality=access.municipality,
        response=response,
        number=number,
    )
    if page is None:
        raise Http404
    return response, page
