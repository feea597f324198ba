"""Everything kept about one person, found by e-mail address (case-insensitive): contact
persons, user accounts (and their memberships), responses, invitations and the answer
change log. Read for the export and the staff page; erased by `privacy.services`."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from municipalities.models import Contact, Membership
from surveys.models import AnswerChange, Invitation, Response


def person_users(email: str) -> QuerySet:
    """The accounts with this address, as e-mail or as user name."""
    return get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))


def _changes(email: str, user_ids: list[int]):
    return AnswerChange.objects.filter(
        Q(changed_by_email__iexact=email)
        | Q(changed_by_user_id__in=user_ids)
        | Q(old_respondent_email__iexact=email)
        | Q(new_respondent_email__iexact=email)
    )


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def person_data(*, email: str) -> dict[str, Any]:
    """Everything kept about the person with this e-mail address, ready for JSON."""
    email = email.strip()
    users = list(person_users(email).order_by("pk"))
    user_ids = [user.pk for user in users]
    return {
        "email": email,
        "contacts": [
            {
                "municipality": contact.municipality.code,
                "municipality_name": contact.municipality.name,
                "name": contact.name,
                "email": contact.email,
                "title": contact.title,
                "updated_at": _iso(contact.updated_at),
            }
            for contact in Contact.objects.filter(email__iexact=email)
            .select_related("municipality")
            .order_by("municipality__code")
        ],
        "users": [
            {
                "username": user.username,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "is_active": user.is_active,
                "date_joined": _iso(user.date_joined),
                "last_login": _iso(user.last_login),
            }
            for user in users
        ],
        "memberships": [
            {
                "username": membership.user.username,
                "municipality": membership.municipality.code,
                "municipality_name": membership.municipality.name,
                "role": membership.role,
                "created_at": _iso(membership.created_at),
            }
            for membership in Membership.objects.filter(user_id__in=user_ids)
            .select_related("user", "municipality")
            .order_by("municipality__code")
        ],
        "responses": [
            {
                "round": response.round.year,
                "municipality": response.municipality.code,
                "municipality_name": response.municipality.name,
                "status": response.status,
                "respondent_name": response.respondent_name,
                "respondent_email": response.respondent_email,
                "respondent_role": response.respondent_role,
                "started_at": _iso(response.started_at),
                "submitted_at": _iso(response.submitted_at),
            }
            for response in Response.objects.filter(respondent_email__iexact=email)
            .select_related("round", "municipality")
            .order_by("round__year", "municipality__code")
        ],
        "invitations": [
            {
                "round": invitation.round.year,
                "municipality": invitation.municipality.code,
                "municipality_name": invitation.municipality.name,
                "recipient_name": invitation.recipient_name,
                "recipient_email": invitation.recipient_email,
                "created_at": _iso(invitation.created_at),
                "sent_at": _iso(invitation.sent_at),
                "revoked_at": _iso(invitation.revoked_at),
            }
            for invitation in Invitation.objects.filter(recipient_email__iexact=email)
            .select_related("round", "municipality")
            .order_by("round__year", "municipality__code")
        ],
        "answer_changes": [
            {
                "round": change.response.round.year,
                "municipality": change.response.municipality.code,
                "indicator": change.indicator.code if change.indicator else None,
                "kind": change.kind,
                "old_respondent_name": change.old_respondent_name,
                "old_respondent_email": change.old_respondent_email,
                "new_respondent_name": change.new_respondent_name,
                "new_respondent_email": change.new_respondent_email,
                "old_state": change.old_state,
                "new_state": change.new_state,
                "changed_by_name": change.changed_by_name,
                "changed_by_email": change.changed_by_email,
                "after_submission": change.after_submission,
                "changed_at": _iso(change.changed_at),
            }
            for change in _changes(email, user_ids)
            .select_related("response__round", "response__municipality", "indicator")
            .order_by("changed_at", "pk")
        ],
    }
