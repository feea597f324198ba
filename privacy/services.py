"""Erasing one person's personal data: pseudonymised wherever it is kept.

A person is found by e-mail address, case-insensitive: contact persons, user accounts (and
their memberships), responses, invitations and the answer change log. The name becomes
"Raderad person" and the e-mail one placeholder that is the same for every row of that
person, so the change log (which is kept for good) and the same-respondent panel still link
the rows, without saying who. What is kept is read by `privacy.selectors.person_data`.
"""

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils.crypto import salted_hmac

from municipalities.models import Contact, Membership
from privacy.selectors import person_users
from surveys.models import AnswerChange, Invitation, Response

# The logger's and the digest's names are older than this app: kept, so that log filters
# and the placeholders of people already erased stay the same.
logger = logging.getLogger("emognad.privacy")

ERASED_NAME = "Raderad person"
ERASED_DOMAIN = "raderad.invalid"


def email_digest(*, email: str) -> str:
    """A short keyed hash of the address: stable per person, not reversible without the key."""
    return salted_hmac("emognad.privacy", email.strip().lower()).hexdigest()[:16]


def erased_email(*, email: str) -> str:
    return f"raderad-{email_digest(email=email)}@{ERASED_DOMAIN}"


def is_erased_email(email: str) -> bool:
    return email.strip().lower().endswith("@" + ERASED_DOMAIN)


@transaction.atomic
def person_erase(*, email: str, erased_by: AbstractBaseUser) -> int:
    """Pseudonymise the person everywhere; returns how many rows changed (0: none found).

    Answers and change-log rows are kept; only who made them is replaced. Matching user
    accounts are deactivated and anonymised, and their memberships deleted.
    """
    email = email.strip()
    if not email or is_erased_email(email):
        return 0
    placeholder = erased_email(email=email)
    users = list(person_users(email).select_for_update().order_by("pk"))
    user_ids = [user.pk for user in users]

    changed = Contact.objects.filter(email__iexact=email).update(
        name=ERASED_NAME, email=placeholder
    )
    changed += Response.objects.filter(respondent_email__iexact=email).update(
        respondent_name=ERASED_NAME, respondent_email=placeholder
    )
    changed += Invitation.objects.filter(recipient_email__iexact=email).update(
        recipient_name=ERASED_NAME, recipient_email=placeholder
    )
    changed += AnswerChange.objects.filter(
        Q(changed_by_email__iexact=email) | Q(changed_by_user_id__in=user_ids)
    ).update(changed_by_name=ERASED_NAME, changed_by_email=placeholder)
    # A change of respondent names two people: erase the one asked for, keep the other.
    changed += AnswerChange.objects.filter(old_respondent_email__iexact=email).update(
        old_respondent_name=ERASED_NAME, old_respondent_email=placeholder
    )
    changed += AnswerChange.objects.filter(new_respondent_email__iexact=email).update(
        new_respondent_name=ERASED_NAME, new_respondent_email=placeholder
    )
    changed += Membership.objects.filter(user_id__in=user_ids).delete()[0]
    for index, user in enumerate(users):
        user.username = placeholder if index == 0 else f"{index}.{placeholder}"
        user.email = placeholder
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    changed += len(users)

    if changed:
        logger.warning(
            "Personuppgifter raderade: email_hash=%s erased_by=%s (id %s) rows=%d",
            email_digest(email=email),
            erased_by.get_username(),
            erased_by.pk,
            changed,
        )
    return changed
