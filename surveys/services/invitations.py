"""Invitations: one personal link per municipality and round, sent, reminded, handed over."""

import datetime
import hashlib
import hmac
import logging
import secrets
import smtplib
from collections.abc import Iterable
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from municipalities.models import Contact, Municipality
from municipalities.services import contact_set
from surveys.errors import ReminderRefused, RoundClosedError
from surveys.models import (
    FailureKind,
    Invitation,
    MailKind,
    Response,
    ResponseStatus,
    RoundStatus,
    SurveyRound,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 50
STALLED_MAIL_AFTER = datetime.timedelta(minutes=10)
MAIL_TEMPLATES = {
    MailKind.INVITATION: "surveys/email/invitation",
    MailKind.REMIND_NOT_STARTED: "surveys/email/remind_not_started",
    MailKind.REMIND_DRAFT: "surveys/email/remind_draft",
}


def invitation_token(invitation: Invitation) -> str:
    """The secret in the link: 256 bits, derived so that every mail carries the same one."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"invitation:{invitation.nonce}".encode(), hashlib.sha256
    )
    return digest.hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(invitation: Invitation) -> str:
    path = reverse("invitation_enter", kwargs={"token": invitation_token(invitation)})
    return settings.SITE_URL + path


def _new_invitation(
    survey_round: SurveyRound, municipality: Municipality, name: str, email: str, **extra
) -> Invitation:
    invitation = Invitation(
        round=survey_round,
        municipality=municipality,
        recipient_name=name,
        recipient_email=email,
        nonce=secrets.token_hex(32),
        **extra,
    )
    invitation.token_hash = token_hash(invitation_token(invitation))
    return invitation


def invitation_build(
    survey_round: SurveyRound, municipality: Municipality, name: str, email: str, **extra
) -> Invitation:
    """An unsaved invitation with its own token, for those who create many at once (the
    demo data): the token is made here or nowhere."""
    return _new_invitation(survey_round, municipality, name, email, **extra)


@transaction.atomic
def invitations_create(*, survey_round: SurveyRound) -> int:
    """One invitation per municipality that has a contact and none yet; returns how many."""
    invited = Invitation.objects.filter(round=survey_round, revoked_at__isnull=True)
    contacts = Contact.objects.select_related("municipality").exclude(
        municipality__in=invited.values("municipality")
    )
    created = Invitation.objects.bulk_create(
        [
            _new_invitation(survey_round, contact.municipality, contact.name, contact.email)
            for contact in contacts
        ]
    )
    return len(created)


def invitations_queue(*, invitations: QuerySet[Invitation], kind: str) -> int:
    """Mark the invitations' mail as pending and hand it to workers in batches."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            invitations.filter(revoked_at__isnull=True)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        Invitation.objects.filter(pk__in=ids).update(pending_mail=kind, queued_at=now)
        for start in range(0, len(ids), BATCH_SIZE):
            batch = ids[start : start + BATCH_SIZE]
            transaction.on_commit(lambda batch=batch: _hand_to_workers(batch, kind))
    return len(ids)


def _hand_to_workers(batch: list[int], kind: str) -> None:
    """A broker that is down must not fail the click that queued the mail: the mail stays
    pending, and the catch-up (invitations_requeue_stalled) hands it over again."""
    from surveys.tasks import invitations_send_batch

    try:
        invitations_send_batch.delay(batch, kind)
    except Exception:  # kombu's errors differ by transport; any of them means "not queued"
        logger.warning(
            "Could not queue %s mail for %d invitations", kind, len(batch), exc_info=True
        )


def invitations_requeue_stalled(*, now: datetime.datetime | None = None) -> int:
    """Beat: pending mail that no worker has tried since it was queued (the broker was
    down, or the message was lost) goes to the workers again. Mail that failed is left
    to its own retries and to staff's resend. A worker claims each mail once, so mail
    queued twice is still sent once."""
    cutoff = (now or timezone.now()) - STALLED_MAIL_AFTER
    stalled = (
        Invitation.objects.exclude(pending_mail="")
        .filter(revoked_at__isnull=True, queued_at__lt=cutoff)
        .exclude(failed_at__gte=F("queued_at"))
    )
    kinds = stalled.order_by().values_list("pending_mail", flat=True).distinct()
    return sum(
        invitations_queue(invitations=stalled.filter(pending_mail=kind), kind=kind)
        for kind in list(kinds)
    )


def invitations_send_all(*, survey_round: SurveyRound) -> int:
    """Create the missing invitations and send every one that was never sent."""
    _refuse_unless_open(survey_round)
    invitations_create(survey_round=survey_round)
    unsent = survey_round.invitations.filter(sent_at__isnull=True, pending_mail="")
    return invitations_queue(invitations=unsent, kind=MailKind.INVITATION)


def invitation_resend(*, invitation: Invitation) -> None:
    _refuse_unless_open(invitation.round)
    invitations_queue(
        invitations=Invitation.objects.filter(pk=invitation.pk), kind=MailKind.INVITATION
    )


def reminders_queue(*, survey_round: SurveyRound, kind: str) -> int:
    """Remind those who never started, or those with a draft: two separate mails."""
    _refuse_unless_open(survey_round)
    return invitations_queue(invitations=reminder_audience(survey_round, kind), kind=kind)


def reminder_audience(survey_round: SurveyRound, kind: str) -> QuerySet[Invitation]:
    """Who gets this reminder: never more than one a day, by hand or by schedule, and
    not again while one is still waiting for a worker."""
    responses = Response.objects.filter(round=survey_round, municipality=OuterRef("municipality"))
    invitations = (
        survey_round.invitations.filter(revoked_at__isnull=True, sent_at__isnull=False)
        .exclude(last_reminded_at__date=timezone.localdate())
        .exclude(pending_mail=kind)
    )
    if kind == MailKind.REMIND_NOT_STARTED:
        return invitations.exclude(Exists(responses))
    return invitations.filter(Exists(responses.filter(status=ResponseStatus.DRAFT)))


def reminder_send_one(*, invitation: Invitation) -> str:
    """Remind one municipality, with the reminder its state calls for (not started, or a
    draft); returns that kind. Refused, saying why, when no reminder applies: the round
    is not open, the invitation never went out, the response is in, or one went today."""
    _refuse_unless_open(invitation.round)
    name = invitation.municipality.name
    response = Response.objects.filter(
        round=invitation.round, municipality=invitation.municipality
    ).first()
    if response is not None and response.status == ResponseStatus.SUBMITTED:
        raise ReminderRefused(
            _("%(name)s har redan skickat in sitt svar; ingen påminnelse behövs.") % {"name": name}
        )
    if invitation.sent_at is None:
        raise ReminderRefused(
            _("Inbjudan till %(name)s har inte gått ut än; skicka den först.") % {"name": name}
        )
    kind = MailKind.REMIND_DRAFT if response is not None else MailKind.REMIND_NOT_STARTED
    audience = reminder_audience(invitation.round, kind).filter(pk=invitation.pk)
    if not invitations_queue(invitations=audience, kind=kind):
        raise ReminderRefused(
            _("%(name)s har redan fått en påminnelse i dag, eller har en på väg.") % {"name": name}
        )
    return kind


def reminders_send_due(*, today=None) -> int:
    """Beat, daily: remind on the configured days before each open round closes."""
    today = today or timezone.localdate()
    queued = 0
    for survey_round in SurveyRound.objects.filter(status=RoundStatus.OPEN):
        if (survey_round.closes_on - today).days not in settings.REMINDER_DAYS_BEFORE_CLOSE:
            continue
        for kind in (MailKind.REMIND_NOT_STARTED, MailKind.REMIND_DRAFT):
            audience = reminder_audience(survey_round, kind)
            queued += invitations_queue(invitations=audience, kind=kind)
    return queued


def invitations_send(*, invitation_ids: Iterable[int], kind: str) -> list[int]:
    """Send the pending mail of these invitations over one connection.

    Returns the ids whose sending failed (recorded on each, and still pending) so the
    caller can retry them. An invitation whose mail another worker has claimed, or that
    was revoked, is skipped.
    """
    failed = []
    with get_connection() as connection:
        for invitation in _claim(invitation_ids, kind):
            try:
                _message(invitation, kind, connection).send()
            except Exception as error:  # SMTP and socket errors alike: record, retry later
                logger.warning("Sending %s to %s failed: %s", kind, invitation.pk, error)
                _record_failure(invitation, kind, error)
                failed.append(invitation.pk)
            else:
                _record_sent(invitation, kind)
    return failed


def _claim(invitation_ids: Iterable[int], kind: str) -> list[Invitation]:
    """Take this batch's pending mail of this kind: one locked read and one update for the
    whole batch, so two workers never send the same mail."""
    with transaction.atomic():
        claimed = list(
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("round", "municipality")
            .filter(pk__in=list(invitation_ids), pending_mail=kind, revoked_at__isnull=True)
            .order_by("pk")
        )
        Invitation.objects.filter(pk__in=[i.pk for i in claimed]).update(pending_mail="")
    return claimed


def _message(invitation: Invitation, kind: str, connection) -> EmailMessage:
    context = {
        "invitation": invitation,
        "link": invitation_link(invitation),
        "survey_round": invitation.round,
        "municipality": invitation.municipality,
        "contact_email": settings.SURVEY_CONTACT_EMAIL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{MAIL_TEMPLATES[kind]}_subject.txt", context)
        body = render_to_string(f"{MAIL_TEMPLATES[kind]}_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[formataddr((invitation.recipient_name, invitation.recipient_email))],
        reply_to=[settings.SURVEY_CONTACT_EMAIL] if settings.SURVEY_CONTACT_EMAIL else None,
        connection=connection,
    )


def _record_sent(invitation: Invitation, kind: str) -> None:
    now = timezone.now()
    changes = {"send_attempts": 0, "failed_at": None, "failure_reason": "", "failure_kind": ""}
    if kind == MailKind.INVITATION:
        changes["sent_at"] = now
    else:
        invitation.reminders_sent += 1
        changes.update(reminders_sent=invitation.reminders_sent, last_reminded_at=now)
    Invitation.objects.filter(pk=invitation.pk).update(**changes)


def _record_failure(invitation: Invitation, kind: str, error: Exception) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(
        pending_mail=kind,
        failed_at=timezone.now(),
        failure_reason=f"{type(error).__name__}: {error}"[:500],
        failure_kind=failure_kind(error),
        send_attempts=invitation.send_attempts + 1,
    )


def failure_kind(error: Exception) -> str:
    """What staff can do about a failed mail. A refused recipient, or a name or address
    that cannot go in a mail header (Django's ValueError and BadHeaderError), needs a
    corrected recipient; a server that is away or hangs up needs only time."""
    if isinstance(error, smtplib.SMTPRecipientsRefused | ValueError):
        return FailureKind.RECIPIENT
    if isinstance(error, smtplib.SMTPAuthenticationError | smtplib.SMTPSenderRefused):
        return FailureKind.OTHER
    if isinstance(error, OSError):  # smtplib's errors, refused connections, timeouts
        return FailureKind.SERVER
    return FailureKind.OTHER


def invitation_enter(*, token: str) -> Invitation | None:
    """The active invitation this link belongs to, None otherwise. The caller signs the
    holder in only while the round is open: the link is valid until the round closes."""
    invitation = (
        Invitation.objects.select_related("round", "municipality")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )
    if invitation is None or not hmac.compare_digest(invitation_token(invitation), token):
        return None
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=now)
    Invitation.objects.filter(pk=invitation.pk).update(last_used_at=now)
    invitation.refresh_from_db()
    return invitation


@transaction.atomic
def invitation_hand_over(*, invitation: Invitation, name: str, email: str) -> Invitation:
    """A new link for a colleague; the old one stops working at once."""
    _refuse_unless_open(invitation.round)
    revoked = Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), pending_mail=""
    )
    if not revoked:
        raise RoundClosedError(_("Länken har redan lämnats över och gäller inte längre."))
    successor = _new_invitation(
        invitation.round,
        invitation.municipality,
        name.strip(),
        email.strip(),
        handed_over_from=invitation,
    )
    successor.full_clean(exclude=["handed_over_from"])
    successor.save()
    invitations_queue(
        invitations=Invitation.objects.filter(pk=successor.pk), kind=MailKind.INVITATION
    )
    return successor


@transaction.atomic
def invitation_recipient_change(
    *, invitation: Invitation, name: str, email: str, update_contact: bool = False
) -> Invitation:
    """Staff correct the recipient (a mail that bounced, a misspelt address) and the
    invitation is sent again. A link that may have reached someone, sent or opened, is
    replaced by a new one, so the earlier recipient's stops working; a link never sent is
    kept. With `update_contact`, next round's invitations go to the corrected person too."""
    _refuse_unless_open(invitation.round)
    current = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("round", "municipality")
        .filter(pk=invitation.pk, revoked_at__isnull=True)
        .first()
    )
    if current is None:
        raise RoundClosedError(
            _("Inbjudan har redan ersatts av en ny. Ladda om sidan och försök igen.")
        )
    name, email = name.strip(), email.strip()
    if current.sent_at or current.opened_at:
        Invitation.objects.filter(pk=current.pk).update(revoked_at=timezone.now(), pending_mail="")
        target = _new_invitation(
            current.round, current.municipality, name, email, handed_over_from=current
        )
        target.full_clean(exclude=["handed_over_from"])
        target.save()
    else:
        target = current
        target.recipient_name, target.recipient_email = name, email
        target.failed_at, target.failure_reason, target.failure_kind = None, "", ""
        target.send_attempts = 0
        target.full_clean()
        target.save()
    if update_contact:
        contact = Contact.objects.filter(municipality=current.municipality).first()
        contact_set(
            municipality=current.municipality,
            name=name,
            email=email,
            title=contact.title if contact else "",
        )
    invitations_queue(invitations=Invitation.objects.filter(pk=target.pk), kind=MailKind.INVITATION)
    return target


def _refuse_unless_open(survey_round: SurveyRound) -> None:
    if survey_round.status != RoundStatus.OPEN:
        raise RoundClosedError(
            _("Omgång %(year)s är inte öppen; inga utskick görs.") % {"year": survey_round.year}
        )
