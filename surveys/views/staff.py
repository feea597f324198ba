"""National staff's pages: rounds, their states, invitations, reminders and responses."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from municipalities.access import municipality_for_user, national_staff_required
from municipalities.selectors import municipalities_without_contact
from surveys.errors import SurveyError
from surveys.exports import CSV, XLSX, csv_bytes, download, participation_sheet, xlsx_bytes
from surveys.models import Invitation, MailKind, SurveyRound
from surveys.selectors import rounds as selectors
from surveys.services import invitations as invitation_services
from surveys.services import rounds as round_services
from surveys.staff_forms import (
    InvitationRecipientForm,
    ParticipationFilterForm,
    PublishForm,
    RoundCreateForm,
)

ROUND_ACTIONS = {
    "open": (round_services.round_open, gettext_lazy("Omgång %(year)s är öppen för svar.")),
    "close": (round_services.round_close, gettext_lazy("Omgång %(year)s är stängd.")),
    "reopen": (round_services.round_reopen, gettext_lazy("Omgång %(year)s är öppen igen.")),
}


@national_staff_required
def round_list(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/staff/round_list.html", {"rounds": selectors.round_list()})


@national_staff_required
def round_create(request: HttpRequest) -> HttpResponse:
    form = RoundCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_round = round_services.round_create(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Omgång %(year)s är skapad.") % {"year": survey_round.year})
            return redirect("round_detail", year=survey_round.year)
    context = {"form": form, "open_elsewhere": selectors.open_round()}
    return render(request, "surveys/staff/round_form.html", context)


@national_staff_required
def round_detail(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = get_object_or_404(
        SurveyRound.objects.select_related("questionnaire", "previous_round"), year=year
    )
    open_now = selectors.open_round()
    context = {
        "survey_round": survey_round,
        "actions": selectors.round_actions(survey_round),
        # Another round is open: opening this one would be refused, so the page says which.
        "open_elsewhere": open_now if open_now and open_now.pk != survey_round.pk else None,
        "counts": selectors.participation_counts(
            selectors.participation(survey_round=survey_round)
        ),
        "without_contact": municipalities_without_contact().count(),
    }
    return render(request, "surveys/staff/round_detail.html", context)


@national_staff_required
@require_POST
def round_action(request: HttpRequest, year: int, action: str) -> HttpResponse:
    survey_round = get_object_or_404(SurveyRound, year=year)
    transition, done = ROUND_ACTIONS[action]
    try:
        transition(survey_round=survey_round)
    except SurveyError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"year": year})
    return redirect("round_detail", year=year)


@national_staff_required
def round_publish(request: HttpRequest, year: int) -> HttpResponse:
    """Publishing is final: a page that says so and states the participation, with a
    second confirmation when it is below PUBLISH_MIN_PARTICIPATION."""
    survey_round = get_object_or_404(SurveyRound, year=year)
    participation = round_services.Participation(survey_round)
    form = PublishForm(
        request.POST if request.method == "POST" else None, participation=participation
    )
    refusal = round_services.transition_refusal("publish", survey_round)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            round_services.round_publish(
                survey_round=survey_round,
                by=request.user,
                low_participation_confirmed=form.cleaned_data.get("low_participation", False),
            )
        except SurveyError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Omgång %(year)s är publicerad.") % {"year": year})
            return redirect("round_detail", year=year)
    context = {
        "survey_round": survey_round,
        "participation": participation,
        "form": form,
        "refusal": refusal,
    }
    return render(request, "surveys/staff/round_publish.html", context)


def _participation_filtered(request: HttpRequest, survey_round: SurveyRound):
    """The list's filters from the address, combined: county, size band and search narrow
    the counts; the status narrows the rows too. Sorted by the column asked for."""
    form = ParticipationFilterForm(request.GET or None)
    filters = form.filters()
    municipalities = selectors.participation(
        survey_round=survey_round, query=filters.get("q", ""), county=filters.get("county")
    )
    if filters.get("size"):
        municipalities = municipalities.filter(size_band=filters["size"])
    status = filters.get("status")
    rows = municipalities.filter(status=status) if status else municipalities
    rows = selectors.participation_sorted(
        selectors.participation_progress(rows),
        filters.get("sort") or "name",
        descending=filters.get("order") == "desc",
    )
    return form, filters, municipalities, rows


@national_staff_required
def invitation_status(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = get_object_or_404(SurveyRound.objects.select_related("questionnaire"), year=year)
    form, filters, municipalities, rows = _participation_filtered(request, survey_round)
    page = Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "survey_round": survey_round,
        "form": form,
        "counts": selectors.participation_counts(municipalities),
        "page": page,
        "rows": selectors.participation_rows(page.object_list),
        "status": filters.get("status"),
        "sort": filters.get("sort") or "name",
        "order": filters.get("order") or "asc",
        "query": _query_without(request, "page", "sort", "order"),
        "page_query": _query_without(request, "page"),
        "indicators": selectors.indicator_count(survey_round),
        "resendable": selectors.RESENDABLE,
        "correctable": selectors.CORRECTABLE,
        "remindable": selectors.REMINDABLE,
    }
    return render(request, "surveys/staff/invitation_status.html", context)


def _query_without(request: HttpRequest, *names: str) -> str:
    """The address's query string without these parameters, for links that set them."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@national_staff_required
def invitation_export(request: HttpRequest, year: int, extension: str) -> HttpResponse:
    """The list as the filters and sorting show it, every page, as CSV or Excel."""
    survey_round = get_object_or_404(SurveyRound.objects.select_related("questionnaire"), year=year)
    _form, _filters, _municipalities, rows = _participation_filtered(request, survey_round)
    sheet = participation_sheet(
        selectors.participation_rows(rows), indicators=selectors.indicator_count(survey_round)
    )
    filename = f"e-mognad-{year}-deltagande.{extension}"
    if extension == "csv":
        return download(csv_bytes(sheet), CSV, filename)
    return download(
        xlsx_bytes(sheet, title=_("Deltagande %(year)s") % {"year": year}), XLSX, filename
    )


@national_staff_required
@require_POST
def invitation_remind(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """A reminder to one municipality, the kind its state calls for; refused politely,
    saying why, when none applies."""
    invitation = _live_invitation(year, pk)
    try:
        kind = invitation_services.reminder_send_one(invitation=invitation)
    except SurveyError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = (
            _("En påminnelse till %(name)s (%(email)s) är lagd i kö: svaret är inte påbörjat.")
            if kind == MailKind.REMIND_NOT_STARTED
            else _("En påminnelse till %(name)s (%(email)s) är lagd i kö: svaret är ett utkast.")
        )
        messages.success(
            request,
            text % {"name": invitation.municipality.name, "email": invitation.recipient_email},
        )
    return _back_to_status(request, year)


@national_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitations_send(request: HttpRequest, year: int) -> HttpResponse:
    """GET: how many invitations would go, to whom, and a button; POST sends them."""
    survey_round = get_object_or_404(SurveyRound, year=year)
    if request.method != "POST":
        count = selectors.invitations_to_send_count(survey_round)
        context = {
            "survey_round": survey_round,
            "count": count,
            "refusal": _not_open(survey_round),
            "heading": ngettext(
                "%(count)d inbjudan till kommunchefer",
                "%(count)d inbjudningar till kommunchefer",
                count,
            )
            % {"count": count},
            "explanation": _(
                "Varje kommun med kontaktperson som inte redan fått sin inbjudan får en "
                "personlig länk med e-post, till kontaktpersonen (oftast kommunchefen)."
            ),
            "nothing": _(
                "Inga nya inbjudningar att skicka: alla kommuner med kontaktperson har sin."
            ),
            "button": _("Ja, skicka inbjudningarna"),
            "action": reverse("invitations_send", kwargs={"year": year}),
            "back": reverse("round_detail", kwargs={"year": year}),
        }
        return render(request, "surveys/staff/mail_confirm.html", context)
    try:
        queued = invitation_services.invitations_send_all(survey_round=survey_round)
    except SurveyError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("round_detail", year=year)
    messages.success(request, _queued_message(queued))
    _warn_about_missing_contacts(request, survey_round)
    return redirect("invitation_status", year=year)


def _queued_message(queued: int) -> str:
    if not queued:
        return _("Inga nya inbjudningar att skicka: alla kommuner med kontaktperson har sin.")
    return ngettext(
        "%(count)d inbjudan är lagd i kö för utskick.",
        "%(count)d inbjudningar är lagda i kö för utskick.",
        queued,
    ) % {"count": queued}


def _warn_about_missing_contacts(request: HttpRequest, survey_round: SurveyRound) -> None:
    missing = municipalities_without_contact().count()
    if not missing:
        return
    url = reverse("invitation_status", kwargs={"year": survey_round.year})
    text = ngettext(
        "%(count)d kommun saknar kontaktperson och har inte fått någon inbjudan.",
        "%(count)d kommuner saknar kontaktperson och har inte fått någon inbjudan.",
        missing,
    ) % {"count": missing}
    link = format_html(
        '{} <a class="alert-link" href="{}?status=not-invited">{}</a>',
        text,
        url,
        _("Visa dem och lägg till kontakter."),
    )
    messages.warning(request, link)


def _live_invitation(year: int, pk: int) -> Invitation:
    """The round's invitation, unless a newer one replaced it."""
    return get_object_or_404(
        Invitation.objects.select_related("round", "municipality"),
        pk=pk,
        round__year=year,
        revoked_at__isnull=True,
    )


@national_staff_required
@require_POST
def invitation_resend(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    invitation = _live_invitation(year, pk)
    try:
        invitation_services.invitation_resend(invitation=invitation)
    except SurveyError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Inbjudan till %(name)s (%(email)s) är lagd i kö igen.")
            % {"name": invitation.municipality.name, "email": invitation.recipient_email},
        )
    return _back_to_status(request, year)


@national_staff_required
def invitation_recipient(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """Correct a recipient (a bounced mail, a misspelt address) and send the invitation again."""
    invitation = _live_invitation(year, pk)
    initial = {"name": invitation.recipient_name, "email": invitation.recipient_email}
    posted = request.method == "POST"
    form = InvitationRecipientForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            sent = invitation_services.invitation_recipient_change(
                invitation=invitation, **form.cleaned_data
            )
        except ValidationError as error:  # SurveyError among them: the round is not open
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Mottagaren för %(name)s är rättad och inbjudan till %(email)s är lagd i kö.")
                % {"name": invitation.municipality.name, "email": sent.recipient_email},
            )
            return redirect("invitation_status", year=year)
    context = {
        "survey_round": invitation.round,
        "invitation": invitation,
        "failure_text": selectors.failure_text(invitation.failure_kind, invitation.failure_reason),
        "form": form,
    }
    return render(request, "surveys/staff/invitation_recipient.html", context)


def _not_open(survey_round: SurveyRound) -> str:
    if survey_round.is_open:
        return ""
    return _("Omgång %(year)s är inte öppen; inga utskick görs.") % {"year": survey_round.year}


def _reminder_heading(kind: str, count: int) -> str:
    if kind == MailKind.REMIND_NOT_STARTED:
        text = ngettext(
            "%(count)d påminnelse till kommuner som inte börjat",
            "%(count)d påminnelser till kommuner som inte börjat",
            count,
        )
    else:
        text = ngettext(
            "%(count)d påminnelse till kommuner med ett utkast",
            "%(count)d påminnelser till kommuner med ett utkast",
            count,
        )
    return text % {"count": count}


@national_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def reminders_send(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    """GET: how many reminders would go, to whom, and a button; POST sends them."""
    survey_round = get_object_or_404(SurveyRound, year=year)
    if request.method != "POST":
        count = invitation_services.reminder_audience(survey_round, kind).count()
        context = {
            "survey_round": survey_round,
            "count": count,
            "refusal": _not_open(survey_round),
            "heading": _reminder_heading(kind, count),
            "explanation": _(
                "Påminnelsen går till mottagaren av kommunens inbjudan, med samma länk. Den som "
                "redan fått en påminnelse i dag får ingen ny."
            ),
            "nothing": _("Ingen att påminna just nu."),
            "button": _("Ja, skicka påminnelserna"),
            "action": request.path,
            "next": _safe_next(request, request.GET.get("next", "")),
            "back": _safe_next(request, request.GET.get("next", ""))
            or reverse("invitation_status", kwargs={"year": year}),
        }
        return render(request, "surveys/staff/mail_confirm.html", context)
    try:
        queued = invitation_services.reminders_queue(survey_round=survey_round, kind=kind)
    except SurveyError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _reminded_message(kind, queued))
    return _back_to_status(request, year)


def _reminded_message(kind: str, queued: int) -> str:
    if kind == MailKind.REMIND_NOT_STARTED:
        text = ngettext(
            "%(count)d påminnelse är lagd i kö till kommuner som inte har börjat svara.",
            "%(count)d påminnelser är lagda i kö till kommuner som inte har börjat svara.",
            queued,
        )
    else:
        text = ngettext(
            "%(count)d påminnelse är lagd i kö till kommuner med ett utkast.",
            "%(count)d påminnelser är lagda i kö till kommuner med ett utkast.",
            queued,
        )
    return (
        text % {"count": queued} + " " + _("Den som redan fått en påminnelse i dag får ingen ny.")
    )


def _back_to_status(request: HttpRequest, year: int) -> HttpResponse:
    """Back to the status page with the filters the button was clicked under: a path of this
    site, nothing else (redirect() would take a bare word for a view's name)."""
    target = _safe_next(request, request.POST.get("next", ""))
    if target:
        return HttpResponseRedirect(target)
    return redirect("invitation_status", year=year)


def _safe_next(request: HttpRequest, target: str) -> str:
    """The target if it is a path of this site, else nothing."""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return ""


@national_staff_required
def response_detail(request: HttpRequest, year: int, code: str) -> HttpResponse:
    survey_round = get_object_or_404(SurveyRound.objects.select_related("questionnaire"), year=year)
    municipality = municipality_for_user(request.user, code)
    response = selectors.response_for_staff(survey_round=survey_round, municipality=municipality)
    context = {
        "survey_round": survey_round,
        "municipality": municipality,
        "response": response,
        "cornerstones": selectors.answers_by_cornerstone(
            questionnaire=survey_round.questionnaire, response=response
        ),
        "invitations": selectors.invitations_of(
            survey_round=survey_round, municipality=municipality
        ),
    }
    return render(request, "surveys/staff/response_detail.html", context)
