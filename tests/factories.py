import datetime
import secrets

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from municipalities.access import NATIONAL_STAFF_GROUP
from municipalities.models import Contact, County, Membership, Municipality, Role, SkrGroup
from surveys.models import (
    Answer,
    Indicator,
    Invitation,
    Questionnaire,
    Response,
    ResponseStatus,
    RoundStatus,
    SurveyRound,
)
from surveys.services import questionnaire_files, questionnaire_load
from surveys.services.invitations import invitation_token, token_hash

PASSWORD = "korrekt-häst-batteri"


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{90 + n % 10:02d}")
    name = factory.LazyAttribute(lambda county: f"Testlän {county.code}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    # Four digits like a real code, however many a test run makes: above the real ones
    # (0114–2584) and below those that tests choose themselves (5000 and up).
    code = factory.Sequence(lambda n: f"{2600 + n % 2400:04d}")
    name = factory.Sequence(lambda n: f"Testkommun {n}")
    county = factory.SubFactory(CountyFactory)
    population = 25_000
    population_year = 2024
    skr_group = SkrGroup.B4


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    municipality = factory.SubFactory(MunicipalityFactory)
    name = "Karin Kommunchef"
    email = factory.Sequence(lambda n: f"kommunchef{n}@kommun.example")
    title = "Kommunchef"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.se")
    username = factory.LazyAttribute(lambda user: user.email)
    first_name = "Test"
    last_name = "Användare"
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.KOMMUNCHEF


def make_national_staff(user):
    user.groups.add(Group.objects.get(name=NATIONAL_STAFF_GROUP))
    return user


def load_questionnaire() -> Questionnaire:
    """The shipped questionnaire (loading it again returns the same one)."""
    return questionnaire_load(path=questionnaire_files()[0])[0]


class SurveyRoundFactory(factory.django.DjangoModelFactory):
    """An open round of `year` from 1 March to 31 May, on the shipped questionnaire.

    `current=True` makes it a round of today instead: opened yesterday, closing in
    `closes_in_days` days, as the staff pages and the invitation links see a running round.
    """

    class Meta:
        model = SurveyRound

    class Params:
        current = factory.Trait(
            opens_on=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=1)
            ),
            closes_on=factory.LazyAttribute(
                lambda survey_round: (
                    timezone.localdate() + datetime.timedelta(days=survey_round.closes_in_days)
                )
            ),
        )
        closes_in_days = 30

    year = 2026
    questionnaire = factory.LazyFunction(load_questionnaire)
    status = RoundStatus.OPEN
    opens_on = factory.LazyAttribute(lambda survey_round: datetime.date(survey_round.year, 3, 1))
    closes_on = factory.LazyAttribute(lambda survey_round: datetime.date(survey_round.year, 5, 31))
    previous_round = None


class ResponseFactory(factory.django.DjangoModelFactory):
    """A submitted official response; `status=ResponseStatus.DRAFT` for one still being written."""

    class Meta:
        model = Response

    round = factory.SubFactory(SurveyRoundFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    respondent_name = "Svarande"
    respondent_email = "chef@kommun.example"
    respondent_role = "kommunchef"
    status = ResponseStatus.SUBMITTED
    submitted_at = factory.LazyAttribute(
        lambda response: timezone.now() if response.status == ResponseStatus.SUBMITTED else None
    )


class AnswerFactory(factory.django.DjangoModelFactory):
    """An answer to the indicator with `code` in the response's questionnaire; value None is
    "vet ej"."""

    class Meta:
        model = Answer
        exclude = ["code"]

    response = factory.SubFactory(ResponseFactory)
    code = "SL1"
    indicator = factory.LazyAttribute(
        lambda answer: Indicator.objects.get(
            code=answer.code, cornerstone__questionnaire=answer.response.round.questionnaire
        )
    )
    value = 3


def answered(response: Response, answers: dict[str, int | None]) -> Response:
    """answers: indicator code -> 1..4, or None for "vet ej"; codes left out are unanswered."""
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(
            cornerstone__questionnaire=response.round.questionnaire
        )
    }
    Answer.objects.bulk_create(
        Answer(response=response, indicator=indicators[code], value=value)
        for code, value in answers.items()
    )
    return response


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation as invitations_create makes one; `link(invitation)` is its personal link."""

    class Meta:
        model = Invitation

    round = factory.SubFactory(SurveyRoundFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    recipient_name = "Karin Kommunchef"
    recipient_email = factory.Sequence(lambda n: f"kommunchef{n}@kommun.example")
    nonce = factory.LazyFunction(lambda: secrets.token_hex(32))
    token_hash = factory.LazyAttribute(lambda invitation: token_hash(invitation_token(invitation)))
