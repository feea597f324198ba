"""The respondent's pages: the invitation link, who answers, one page per cornerstone (saved
by a full POST here, or by the page's autosave in autosave.py), review, submit, done, and
handing over the link.

Every page goes through `answer_access`; an outsider gets a 404 on every one of them.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.http import wants_json
from common.throttle import INVITATION_LINKS, client_address
from municipalities.access import is_national_staff
from municipalities.models import Membership
from surveys.access import (
    EDITOR_SESSION_KEY,
    INVITATION_SESSION_KEY,
    AnswerAccess,
    answer_access,
    answer_or_staff_access,
    answer_page,
    editor_remember,
    editor_where,
    ensure_started,
    invitation_sign_in,
)
from surveys.answer_forms import (
    CornerstoneForm,
    HandOverForm,
    RespondentChangeForm,
    RespondentForm,
)
from surveys.errors import EditConflictError, RoundClosedError, StartFirstError, SurveyError
from surveys.models import Response, ResponseStatus
from surveys.selectors.answering import (
    CornerstonePage,
    Progress,
    official_response,
    response_progress,
    review_sections,
    round_cornerstones,
)
from surveys.services.answering import (
    Conflict,
    Editor,
    Respondent,
    answers_save,
    ensure_open,
    respondent_change,
    respondent_fingerprint,
    respondent_of,
    response_start,
    response_submit,
)
from surveys.services.invitations import invitation_enter as enter_by_link
from surveys.services.invitations import invitation_hand_over
from surveys.views.autosave import autosave_refused, cornerstone_autosave
from surveys.views.conflicts import conflict_report

HANDED_OVER_SESSION_KEY = "handed_over"

AnswerView = Callable[..., HttpResponse]


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_enter(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link. A right link always works, however many wrong ones were tried
    from the same address (a town hall behind one NAT is one address); only the wrong ones
    are slowed down. Someone signed in to an account is asked first, on a page whose
    buttons POST back here, rather than signed out of it by following a link."""
    context = {"contact_email": settings.SURVEY_CONTACT_EMAIL}
    if request.method == "POST" and request.POST.get("action") != "continue":
        return redirect("home")
    invitation = enter_by_link(token=token)
    if invitation is None:
        address = client_address(request)
        if INVITATION_LINKS.blocked(address):
            return _links_throttled(request, context)
        INVITATION_LINKS.count(address)
        return render(request, "surveys/answer/link_invalid.html", context, status=404)
    if not invitation.round.is_open:
        context["survey_round"] = invitation.round
        return render(request, "surveys/answer/link_closed.html", context, status=410)
    if request.method == "GET" and request.user.is_authenticated:
        context["invitation"] = invitation
        return render(request, "surveys/answer/link_signed_in.html", context)
    invitation_sign_in(request, invitation)
    return redirect("answer_start", year=invitation.round.year, code=invitation.municipality.code)


def _links_throttled(request: HttpRequest, context: dict) -> HttpResponse:
    """Many links that lead nowhere from one address: the next wrong one is answered 429
    until the window has passed (a right one is never kept waiting)."""
    context["minutes"] = INVITATION_LINKS.window_minutes
    response = render(request, "surveys/answer/link_throttled.html", context, status=429)
    response["Retry-After"] = str(INVITATION_LINKS.window_seconds)
    return response


def answer_view(view: AnswerView | None = None, *, autosave: AnswerView | None = None):
    """Access first (404 for outsiders); every write refused, politely, unless the round is
    open. A POST from the page's autosave goes to `autosave` if the page has one."""

    def decorate(view: AnswerView) -> AnswerView:
        @wraps(view)
        @never_cache
        def wrapped(request: HttpRequest, year: int, code: str, **kwargs) -> HttpResponse:
            access = answer_access(request, year, code)
            return _answer(request, access, view, autosave, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def _answer(request, access: AnswerAccess, view: AnswerView, autosave=None, **kwargs):
    """The one place that tells the page's autosave, which reads JSON (autosave.py), from
    a person's click: its saves go to the autosave view, its refusals are JSON."""
    as_json = wants_json(request)
    try:
        if request.method == "POST":
            ensure_open(access.survey_round)
            if as_json and autosave is not None:
                return autosave(request, access, **kwargs)
        return view(request, access, **kwargs)
    except (RoundClosedError, StartFirstError) as error:
        if as_json:
            return autosave_refused(error)
        if isinstance(error, StartFirstError):
            return redirect(_url("answer_start", access))
        return _refused(request, access, error)


@answer_view
@require_http_methods(["GET", "POST"])
def answer_start(request: HttpRequest, access: AnswerAccess) -> HttpResponse:
    response = official_response(access.survey_round, access.municipality)
    initial = _respondent_initial(request, access, response)
    form = RespondentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        return _start(request, access, response, **form.cleaned_data)
    context = _frame(access, current="start") | {"form": form, "response": response}
    context["respondent_notice"] = _respondent_notice(response, initial.get("email", ""))
    context["instructions"] = access.survey_round.questionnaire.localized("instructions")
    context["progress_text"] = _progress(access, response).text
    return render(request, "surveys/answer/start.html", context)


def _respondent_initial(request: HttpRequest, access: AnswerAccess, response) -> dict:
    """Whoever is at the keyboard; their own earlier answers on this page if they gave any."""
    if access.editor is not None:
        initial = {"name": access.editor.name, "email": access.editor.email}
    else:
        invitation = access.invitation
        initial = {"name": invitation.recipient_name, "email": invitation.recipient_email}
    email = response.respondent_email if response else ""
    if email and email.lower() == initial["email"].lower():
        return {"name": response.respondent_name, "email": email, "role": response.respondent_role}
    if request.user.is_authenticated:
        memberships = Membership.objects.filter(user=request.user, municipality=access.municipality)
        initial["role"] = memberships.values_list("role", flat=True).first()
    return initial


def _respondent_notice(response: Response | None, email: str) -> str:
    """Before anyone posts the start page: whether doing so replaces the respondent."""
    if response is None or not (response.respondent_name or response.respondent_email):
        return ""
    values = {"name": respondent_of(response).name or response.respondent_email}
    if response.status == ResponseStatus.SUBMITTED:
        return (
            _(
                "Svaret är inskickat med %(name)s som svarande. Det ändras inte av att du "
                "fortsätter här; byt svarande på sidan ”Svarande” om det behövs."
            )
            % values
        )
    if response.respondent_email.lower() != email.lower():
        return (
            _(
                "Utkastet har %(name)s som svarande. Fortsätter du med andra uppgifter blir du "
                "svarande i stället, och bytet loggas."
            )
            % values
        )
    return ""


def _start(request, access: AnswerAccess, before: Response | None, *, name, email, role):
    user = request.user if request.user.is_authenticated else None
    editor = editor_where(request, Editor(name.strip(), email.strip(), user))
    response = response_start(
        survey_round=access.survey_round,
        municipality=access.municipality,
        name=name,
        email=email,
        role=role,
        editor=editor,
    )
    editor_remember(request, editor)
    was = respondent_of(before) if before is not None else None
    now = respondent_of(response)
    if was is not None and (was.name or was.email) and not was.same_as(now):
        messages.warning(
            request,
            _("Du är nu svarande i stället för %(name)s. Bytet är loggat.")
            % {"name": was.name or was.email},
        )
    elif not now.same_as(Respondent(name.strip(), email.strip(), role)):
        messages.info(
            request,
            _(
                "Svaret är redan inskickat med %(name)s som svarande, och det ändras inte. "
                "Det du ändrar loggas med ditt namn."
            )
            % {"name": now.name or now.email},
        )
    return redirect(_url("answer_cornerstone", access, number=1))


@answer_view(autosave=cornerstone_autosave)
@require_http_methods(["GET", "POST"])
def answer_cornerstone(request: HttpRequest, access: AnswerAccess, number: int) -> HttpResponse:
    response, page = answer_page(access, number)
    if request.method == "POST":
        return _save(request, access, response, page)
    form = CornerstoneForm(page=page, read_only=not access.survey_round.is_open)
    return _render_cornerstone(request, access, response, form)


def _save(request, access: AnswerAccess, response: Response, page: CornerstonePage):
    form = CornerstoneForm(request.POST, page=page)
    editor = editor_where(request, access.editor)
    if form.is_valid():
        try:
            answers_save(response=response, editor=editor, answers=form.changed_answers())
        except EditConflictError as error:
            return _conflict(request, access, editor, response, page, error.conflicts)
        except RoundClosedError:
            raise
        except SurveyError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dina svar är sparade."))
            return redirect(_neighbours(access, page).get(request.POST.get("go"), request.path))
    return _render_cornerstone(request, access, response, form)


def _conflict(request, access, editor: Editor, response, page, conflicts: list[Conflict]):
    """Nothing was saved. Keep what the respondent typed, say who changed what (conflicts.py)
    and take on the current versions, so that saving again keeps the respondent's answers."""
    details = conflict_report(response, conflicts, editor).details
    data = request.POST.copy()
    for item in details:
        data[f"{item['code']}-version"] = str(item["version"])
        data[f"{item['code']}-was"] = item["was"]
    form = CornerstoneForm(data, page=page)
    return _render_cornerstone(request, access, response, form, conflicts=details, status=409)


def _render_cornerstone(request, access, response, form, *, conflicts=(), status=200):
    page = form.page
    progress = _progress(access, response)
    context = _frame(access, current=page.number, cornerstones=page.cornerstones) | {
        "response": response,
        "page": page,
        "form": form,
        "progress": progress,
        "progress_text": progress.text,
        "conflicts": conflicts,
        "neighbours": _neighbours(access, page),
    }
    return render(request, "surveys/answer/cornerstone.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def answer_respondent(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """Change who answers for the municipality: the one way to replace the respondent of a
    submitted response. For those who may answer, and for national staff, who may correct
    it for a municipality; logged like an answer either way."""
    access = answer_or_staff_access(request, year, code)
    return _answer(request, access, _respondent_page)


def _respondent_page(request: HttpRequest, access: AnswerAccess) -> HttpResponse:
    response = official_response(access.survey_round, access.municipality)
    staff = is_national_staff(request.user)
    if not staff:
        ensure_started(access, response)
    form = None
    if response is not None:
        initial = {
            "name": response.respondent_name,
            "email": response.respondent_email,
            "role": response.respondent_role,
            "loaded": respondent_fingerprint(response),
        }
        posted = request.method == "POST"
        form = RespondentChangeForm(request.POST if posted else None, initial=initial)
        if posted and form.is_valid():
            done = _respondent_save(request, access, access.editor, response, form)
            if done is not None:
                return done
    context = _frame(access, current="")
    if staff:  # national staff do not answer: the questionnaire's steps lead nowhere for them
        context["steps"] = []
    context |= {
        "response": response,
        "form": form,
        "back": (
            reverse(
                "staff_response_detail",
                kwargs={"year": access.survey_round.year, "code": access.municipality.code},
            )
            if staff
            else _url("answer_review", access)
        ),
    }
    return render(request, "surveys/answer/respondent.html", context)


def _respondent_save(request, access, editor, response, form) -> HttpResponse | None:
    data = form.cleaned_data
    try:
        changed = respondent_change(
            response=response,
            editor=editor_where(request, editor),
            name=data["name"],
            email=data["email"],
            role=data["role"],
            loaded=data["loaded"] or None,
        )
    except RoundClosedError:
        raise
    except (SurveyError, ValidationError) as error:
        form.add_error(None, error)
        return None
    if changed:
        messages.success(
            request,
            _("Svarande är nu %(name)s. Bytet är loggat.") % {"name": data["name"].strip()},
        )
    else:
        messages.info(request, _("Svarande är oförändrad."))
    return redirect(request.path)


@answer_view
@require_GET
def answer_review(request: HttpRequest, access: AnswerAccess) -> HttpResponse:
    response = official_response(access.survey_round, access.municipality)
    ensure_started(access, response)
    sections = review_sections(
        survey_round=access.survey_round, municipality=access.municipality, response=response
    )
    unanswered = [(s, row) for s in sections for row in s.rows if row.answer is None]
    progress = _progress(access, response)
    context = _frame(access, current="review", cornerstones=[s.cornerstone for s in sections])
    context |= {
        "response": response,
        "sections": sections,
        "unanswered": unanswered,
        "progress": progress,
        "progress_text": progress.text,
    }
    return render(request, "surveys/answer/review.html", context)


@answer_view
@require_POST
def answer_submit(request: HttpRequest, access: AnswerAccess) -> HttpResponse:
    response = official_response(access.survey_round, access.municipality)
    if response is None:
        raise StartFirstError
    try:
        response_submit(response=response)
    except RoundClosedError:
        raise
    except SurveyError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_url("answer_review", access))
    return redirect(_url("answer_done", access))


@answer_view
@require_GET
def answer_done(request: HttpRequest, access: AnswerAccess) -> HttpResponse:
    response = official_response(access.survey_round, access.municipality)
    if response is None or response.status != ResponseStatus.SUBMITTED:
        return redirect(_url("answer_review", access))
    context = _frame(access, current="review") | {"response": response}
    return render(request, "surveys/answer/done.html", context)


@answer_view
@require_http_methods(["GET", "POST"])
def answer_hand_over(request: HttpRequest, access: AnswerAccess) -> HttpResponse:
    """Only the holder of an invitation link can pass it on; their own access ends here."""
    if access.invitation is None:
        raise Http404
    form = HandOverForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            successor = invitation_hand_over(invitation=access.invitation, **form.cleaned_data)
        except RoundClosedError:
            raise
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _forget_invitation(request, access, successor)
            return redirect(_url("answer_handed_over", access))
    context = _frame(access, current="") | {"form": form}
    return render(request, "surveys/answer/hand_over.html", context)


def _forget_invitation(request: HttpRequest, access: AnswerAccess, successor) -> None:
    request.session.pop(INVITATION_SESSION_KEY, None)
    request.session.pop(EDITOR_SESSION_KEY, None)
    request.session[HANDED_OVER_SESSION_KEY] = {
        "year": access.survey_round.year,
        "code": access.municipality.code,
        "municipality": access.municipality.name,
        "name": successor.recipient_name,
        "email": successor.recipient_email,
    }


@never_cache
@require_GET
def answer_handed_over(request: HttpRequest, year: int, code: str) -> HttpResponse:
    handed_over = request.session.get(HANDED_OVER_SESSION_KEY)
    if not handed_over or (handed_over["year"], handed_over["code"]) != (year, code):
        raise Http404
    return render(request, "surveys/answer/handed_over.html", {"handed_over": handed_over})


def _progress(access: AnswerAccess, response: Response | None) -> Progress:
    return response_progress(survey_round=access.survey_round, response=response)


def _frame(access: AnswerAccess, *, current, cornerstones=None) -> dict:
    """What every answering page shows around its content: whose response, which round,
    the steps of the questionnaire, and whether the round takes answers."""
    if cornerstones is None:
        cornerstones = round_cornerstones(survey_round=access.survey_round)
    steps = [
        (pgettext("answering step", "Start"), _url("answer_start", access), current == "start")
    ]
    steps += [
        (f"{n}. {c.localized('name')}", _url("answer_cornerstone", access, number=n), current == n)
        for n, c in enumerate(cornerstones, start=1)
    ]
    steps.append((_("Granska och skicka in"), _url("answer_review", access), current == "review"))
    return {
        "access": access,
        "survey_round": access.survey_round,
        "municipality": access.municipality,
        "read_only": not access.survey_round.is_open,
        "steps": steps,
    }


def _neighbours(access: AnswerAccess, page: CornerstonePage) -> dict[str, str]:
    previous = (
        _url("answer_cornerstone", access, number=page.number - 1)
        if page.number > 1
        else _url("answer_start", access)
    )
    following = (
        _url("answer_cornerstone", access, number=page.number + 1)
        if page.number < page.count
        else _url("answer_review", access)
    )
    return {"previous": previous, "next": following}


def _url(name: str, access: AnswerAccess, **kwargs) -> str:
    kwargs |= {"year": access.survey_round.year, "code": access.municipality.code}
    return reverse(name, kwargs=kwargs)


def _refused(request: HttpRequest, access: AnswerAccess, error: RoundClosedError) -> HttpResponse:
    message = " ".join(error.messages)
    context = _frame(access, current="") | {"message": message}
    return render(request, "surveys/answer/refused.html", context, status=403)
