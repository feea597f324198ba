"""National staff's pages: rounds, their states, invitations, reminders and responses."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from municipalities.access import municipality_for_user, national_staff_required
from municipalities.selectors import municipalities_without_contact
from surveys.errors import SurveyError
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
    return render(request, "surveys/staff/round_form.html", {"form": form})


@national_staff_required
def round_detail(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = get_object_or_404(
        SurveyRound.objects.select_related("questionnaire", "previous_round"), year=year
    )
    context = {
        "survey_round": survey_round,
        "actions": selectors.round_actions(survey_round),
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


@national_staff_required
def invitation_status(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = get_object_or_404(SurveyRound, year=year)
    form = ParticipationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    municipalities = selectors.participation(
        survey_round=survey_round, query=filters.get("q", ""), county=filters.get("county")
    )
    status = filters.get("status")
    rows = municipalities.filter(status=status) if status else municipalities
    context = {
        "survey_round": survey_round,
        "form": form,
        "counts": selectors.participation_counts(municipalities),
        "rows": selectors.participation_rows(rows),
        "status": status,
        "resendable": selectors.RESENDABLE,
        "correctable": selectors.CORRECTABLE,
    }
    return render(request, "surveys/staff/invitation_status.html", context)


@national_staff_required
@require_POST
def invitations_send(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = get_object_or_404(SurveyRound, year=year)
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


@national_staff_required
@require_POST
def reminders_send(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    survey_round = get_object_or_404(SurveyRound, year=year)
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
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect("invitation_status", year=year)


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
