"""Demo data: survey rounds answered the way real municipalities answer.

A newcomer (`make run`) sees a living product and the benchmarks get realistic volumes.
Every answer comes from a `random.Random` seeded with the seed and the municipality's
code, so a seed always gives the same answers, whatever else the database holds. The
answer model is calibrated on SKL's published national means for 2006: the first demo
round lands near them, and later rounds improve a little, as the 2007 measurement did.

The demo is coherent with today: by default its rounds are the two years before this one,
published, each answered in the spring of its year, so a newcomer's first journey (create
this year's round, open it, invite) is blocked by nothing the demo left open. A round of
this year, if asked for, is open around today. Every municipality in the demo was invited
in every round, so the round list's "submitted / invited" adds up.
"""

import math
import random
import statistics
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from municipalities.access import NATIONAL_STAFF_GROUP
from municipalities.models import Contact, Membership, Municipality, Role
from surveys.models import (
    Answer,
    Indicator,
    Invitation,
    Questionnaire,
    Response,
    ResponseKind,
    ResponseStatus,
    RoundStatus,
    SurveyRound,
)
from surveys.services.invitations import invitation_build

DEMO_DOMAIN = "demo.e-mognad.se"
DEMO_PASSWORD = "e-mognad-demo"
STAFF_EMAIL = f"handlaggare@{DEMO_DOMAIN}"
MUNICIPAL_EMAIL = f"kommunchef@{DEMO_DOMAIN}"

# "Sammanställning av samtliga svar", all responding municipalities 2006
# (reference/skl-2006-2007-national-means.csv).
PUBLISHED_MEANS_2006 = {
    **{"SL1": 2.2, "SL2": 1.7, "SL3": 2.5, "SL4": 2.6, "SL5": 2.4},
    **{"SI1": 2.7, "SI2": 2.1, "SI3": 2.5, "SI4": 2.4},
    **{"FK1": 2.1, "FK2": 2.0, "FK3": 2.1, "FK4": 2.2, "FK5": 2.1, "FK6": 2.1},
    **{"IT1": 2.8, "IT2": 2.8, "IT3": 2.5, "IT4": 2.0},
}
UNPUBLISHED_INDICATOR_MEAN = 2.4

SIZE_EFFECT = 0.16  # per unit of ln(population): larger municipalities report higher values
MUNICIPALITY_SD = 0.3
CORNERSTONE_SD = 0.2
RESPONDENT_SD = 0.12
ANSWER_SD = 0.55
YEARLY_GAIN = 0.08
YEARLY_GAIN_SD = 0.06
DONT_KNOW_SHARE = 0.03
COMMENT_SHARE = 0.04
PARTICIPATION = 0.85
SAME_RESPONDENT_SHARE = 0.85
CHANGED_EMAIL_CASE_SHARE = 0.2
OPEN_ROUND_DRAFT_SHARE = 0.25

ROLE_WEIGHTS = {
    Role.KOMMUNCHEF: 60,
    Role.IT_CHEF: 14,
    Role.INFORMATOR: 7,
    Role.EKONOM: 6,
    Role.ADMINISTRATOR: 8,
    Role.OVRIG: 5,
}
# How each role sees the cornerstones differently (the report's spread between roles).
ROLE_BIAS = {
    Role.IT_CHEF: {"IT": 0.25, "SL": -0.1},
    Role.INFORMATOR: {"FK": 0.15, "IT": -0.2},
    Role.EKONOM: {"SI": 0.2, "FK": -0.1},
    Role.ADMINISTRATOR: {"SL": -0.15},
    Role.OVRIG: {"FK": -0.1},
}

# fmt: off
FIRST_NAMES = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Kristina", "Emma", "Malin", "Sofia",
    "Ingrid", "Helena", "Åsa", "Marie", "Cecilia", "Ulrika", "Johanna", "Elin", "Lars",
    "Anders", "Johan", "Per", "Mikael", "Erik", "Peter", "Magnus", "Fredrik", "Jonas", "Stefan",
    "Mats", "Björn", "Henrik", "Ulf", "Göran", "Patrik", "Daniel", "Tomas", "Håkan", "Niklas",
    "Jörgen",
)
LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
    "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist",
    "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist",
    "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Ström", "Forsberg",
    "Sjöberg", "Wallin", "Engström", "Danielsson", "Håkansson", "Eklund", "Åberg", "Öberg",
    "Holm",
)
# fmt: on
COMMENTS = (
    "Arbete pågår med en ny digitaliseringsstrategi.",
    "Beslut väntas i kommunstyrelsen under året.",
    "Gäller främst socialförvaltningen.",
    "Vi samverkar med grannkommunerna i IT-frågor.",
    "Svårt att bedöma för hela kommunen.",
    "Har förbättrats sedan förra mätningen.",
    "Kartläggning är påbörjad men inte klar.",
    "IT-kostnaderna följs upp per förvaltning, inte centralt.",
    "Ingår i handlingsplanen för nästa år.",
    "Kompetensinsatser för chefer planeras.",
    "Frågan borde besvaras av IT-avdelningen.",
    "Skiljer sig mycket mellan förvaltningarna.",
)


class DemoDataError(Exception):
    """The database is not ready for demo data (the message says what to run)."""


@dataclass
class DemoSummary:
    municipalities: int
    rounds: list[SurveyRound]
    contacts_created: int = 0
    responses: int = 0
    submitted: int = 0
    answers: int = 0
    invitations: int = 0


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    description: str


@dataclass(frozen=True)
class _Person:
    name: str
    email: str
    role: str
    bias: float


@dataclass(frozen=True)
class _Maturity:
    level: float
    by_cornerstone: dict[str, float]
    yearly_gain: float


@dataclass(frozen=True)
class _AnswerModel:
    """Latent means per indicator that, through clamping to 1–4, give the published means."""

    indicators: list[Indicator]
    mean_log_population: float
    latent_means: dict[str, float]


@dataclass
class _PlannedResponse:
    municipality: Municipality
    round_index: int
    person: _Person
    submitted_fraction: float | None
    version: int
    answers: list[tuple[Indicator, int | None, str]] = field(default_factory=list)


def demo_data_exists() -> bool:
    return SurveyRound.objects.exists()


def default_years(today: date | None = None) -> list[int]:
    """The two years before this one: published rounds, nothing left open."""
    year = (today or timezone.localdate()).year
    return [year - 2, year - 1]


@transaction.atomic
def demo_data_generate(
    *, municipalities: int, years: list[int] | None = None, seed: int, today: date | None = None
) -> DemoSummary:
    """Create demo rounds (one per year: earlier years published, this year's open),
    contacts, invitations, responses and answers."""
    today = today or timezone.localdate()
    years = _checked_years(default_years(today) if years is None else years, today)
    questionnaire = _latest_questionnaire()
    chosen = _municipalities_spread(count=municipalities)
    model = _answer_model(indicators=_indicators(questionnaire))
    rounds = _rounds_create(questionnaire=questionnaire, years=years, today=today)
    summary = DemoSummary(municipalities=len(chosen), rounds=rounds)
    open_year = next((r.year for r in rounds if r.status == RoundStatus.OPEN), None)
    planned, contacts = _plan(chosen, years, model, seed, open_year)
    summary.contacts_created = _contacts_create(contacts)
    _responses_create(planned, rounds, summary)
    summary.invitations = _invitations_create(chosen, planned, rounds)
    return summary


def _plan(
    chosen: list[Municipality],
    years: list[int],
    model: _AnswerModel,
    seed: int,
    open_year: int | None = None,
) -> tuple[list[_PlannedResponse], list[Contact]]:
    """Each municipality draws from its own generator: its answers never depend on the others."""
    planned, contacts = [], []
    for municipality in chosen:
        rng = random.Random(f"{seed}:{municipality.code}")
        people = _respondents(rng, municipality, len(years))
        contacts.append(_contact(rng, municipality, people[-1]))
        planned += _plan_municipality(rng, municipality, people, years, model, open_year)
    return planned, contacts


def _checked_years(years: list[int], today: date) -> list[int]:
    """Demo rounds go into a database without rounds: they would not chain onto real ones.
    A round after this year would have been answered in the future."""
    if not years:
        raise DemoDataError("Give at least one year.")
    if max(years) > today.year:
        raise DemoDataError(
            f"Demo rounds lie in the past or this year: {max(years)} is after {today.year}."
        )
    taken = sorted(SurveyRound.objects.values_list("year", flat=True))
    if taken:
        raise DemoDataError(
            f"Survey rounds exist already ({', '.join(map(str, taken))}): demo data needs a "
            "database without rounds. Use --if-empty to skip it."
        )
    return sorted(set(years))


def _latest_questionnaire() -> Questionnaire:
    questionnaire = Questionnaire.objects.order_by("-version", "-pk").first()
    if questionnaire is None:
        raise DemoDataError("No questionnaire: run `manage.py load_questionnaire` first.")
    return questionnaire


def _indicators(questionnaire: Questionnaire) -> list[Indicator]:
    indicators = list(
        Indicator.objects.filter(cornerstone__questionnaire=questionnaire)
        .select_related("cornerstone")
        .order_by("cornerstone__order", "order")
    )
    if not indicators:
        raise DemoDataError(f"Questionnaire {questionnaire.label} has no indicators.")
    return indicators


def _municipalities_spread(*, count: int) -> list[Municipality]:
    """`count` municipalities evenly spaced by population, so every size band is present."""
    if count < 1:
        raise DemoDataError("Choose at least one municipality.")
    everyone = list(Municipality.objects.order_by("population", "code"))
    if not everyone:
        raise DemoDataError("No municipalities: run `manage.py load_municipalities` first.")
    if count < len(everyone):
        everyone = [everyone[(2 * i + 1) * len(everyone) // (2 * count)] for i in range(count)]
    return sorted(everyone, key=lambda municipality: municipality.code)


def _answer_model(*, indicators: list[Indicator]) -> _AnswerModel:
    """Calibrated on every municipality in the database, so a subset never shifts it."""
    logs = [_log(p) for p in Municipality.objects.values_list("population", flat=True)]
    spread = math.sqrt(
        (SIZE_EFFECT * statistics.pstdev(logs)) ** 2
        + MUNICIPALITY_SD**2
        + CORNERSTONE_SD**2
        + RESPONDENT_SD**2
        + ANSWER_SD**2
    )
    latent_means = {
        indicator.code: _latent_mean_for(
            PUBLISHED_MEANS_2006.get(indicator.code, UNPUBLISHED_INDICATOR_MEAN), spread
        )
        - _expected_role_bias(indicator.cornerstone.code)
        for indicator in indicators
    }
    return _AnswerModel(indicators, statistics.fmean(logs), latent_means)


def _log(population: int) -> float:
    return math.log(max(population, 1))


def _latent_mean_for(target: float, spread: float) -> float:
    low, high = -3.0, 8.0
    for _ in range(50):
        middle = (low + high) / 2
        low, high = (middle, high) if _clamped_mean(middle, spread) < target else (low, middle)
    return (low + high) / 2


def _clamped_mean(mean: float, spread: float) -> float:
    """E[min(max(X, 1), 4)] for X ~ N(mean, spread): the mean answer a latent mean gives."""
    normal = statistics.NormalDist()
    below, above = (1 - mean) / spread, (4 - mean) / spread
    inside = mean * (normal.cdf(above) - normal.cdf(below))
    inside += spread * (normal.pdf(below) - normal.pdf(above))
    return normal.cdf(below) + 4 * (1 - normal.cdf(above)) + inside


def _expected_role_bias(cornerstone_code: str) -> float:
    total = sum(ROLE_WEIGHTS.values())
    return (
        sum(
            weight * ROLE_BIAS.get(role, {}).get(cornerstone_code, 0.0)
            for role, weight in ROLE_WEIGHTS.items()
        )
        / total
    )


def _rounds_create(
    *, questionnaire: Questionnaire, years: list[int], today: date
) -> list[SurveyRound]:
    rounds: list[SurveyRound] = []
    for year in years:
        survey_round = SurveyRound(
            year=year,
            questionnaire=questionnaire,
            previous_round=rounds[-1] if rounds else None,
            **_round_dates(year=year, today=today, is_latest=year == years[-1]),
        )
        survey_round.full_clean()
        survey_round.save()
        rounds.append(survey_round)
    return rounds


def _round_dates(*, year: int, today: date, is_latest: bool) -> dict:
    """This year's round is open around today (within its year); earlier ones were answered
    in the spring of their year and published in June."""
    if is_latest and year == today.year:
        opens_on = max(today - timedelta(days=21), date(year, 1, 1))
        return {
            "status": RoundStatus.OPEN,
            "opens_on": opens_on,
            "closes_on": today + timedelta(days=40),
            "opened_at": _at(opens_on, 8),
        }
    return {
        "status": RoundStatus.PUBLISHED,
        "opens_on": date(year, 3, 1),
        "closes_on": date(year, 5, 31),
        "opened_at": _at(date(year, 3, 1), 8),
        "closed_at": _at(date(year, 6, 1), 0),
        "published_at": _at(date(year, 6, 15), 10),
    }


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _respondents(rng: random.Random, municipality: Municipality, rounds: int) -> list[_Person]:
    """Who answers each round: mostly the same person again, sometimes a successor."""
    domain = _domain(municipality)
    people = [_person(rng, domain)]
    for _ in range(rounds - 1):
        if rng.random() < SAME_RESPONDENT_SHARE:
            people.append(_same_person(rng, people[-1]))
        else:
            people.append(_person(rng, domain, avoid=people[-1].email))
    return people


def _domain(municipality: Municipality) -> str:
    return f"{slugify(municipality.name)}.{DEMO_DOMAIN}"


def _person(rng: random.Random, domain: str, avoid: str = "", role: str = "") -> _Person:
    while True:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{slugify(first)}.{slugify(last)}@{domain}"
        if email != avoid.lower():
            break
    role = role or rng.choices(list(ROLE_WEIGHTS), weights=list(ROLE_WEIGHTS.values()))[0]
    return _Person(f"{first} {last}", email, role, rng.gauss(0, RESPONDENT_SD))


def _same_person(rng: random.Random, person: _Person) -> _Person:
    """Some type their address differently: the panel rule compares case-insensitively."""
    if rng.random() >= CHANGED_EMAIL_CASE_SHARE:
        return person
    local, domain = person.email.split("@")
    email = f"{local.title()}@{domain}" if person.email.islower() else person.email.lower()
    return replace(person, email=email)


def _contact(rng: random.Random, municipality: Municipality, latest: _Person) -> Contact:
    """The chief executive, who answers in person in most municipalities."""
    chief = latest
    if latest.role != Role.KOMMUNCHEF:
        chief = _person(rng, _domain(municipality), role=Role.KOMMUNCHEF)
    return Contact(
        municipality=municipality,
        name=chief.name,
        email=f"kommunchef@{_domain(municipality)}",
        title="Kommunchef",
    )


def _contacts_create(contacts: list[Contact]) -> int:
    """Only where missing: a real contact someone entered is never overwritten."""
    existing = set(Contact.objects.values_list("municipality_id", flat=True))
    missing = [contact for contact in contacts if contact.municipality_id not in existing]
    Contact.objects.bulk_create(missing)
    return len(missing)


def _plan_municipality(
    rng: random.Random,
    municipality: Municipality,
    people: list[_Person],
    years: list[int],
    model: _AnswerModel,
    open_year: int | None = None,
) -> list[_PlannedResponse]:
    """Drafts only in the open round: a published round holds what was submitted."""
    maturity = _maturity(rng, municipality, model)
    participation = _participation(municipality, model)
    planned = []
    for index, (year, person) in enumerate(zip(years, people, strict=True)):
        if rng.random() >= participation:
            continue
        response = _planned_response(rng, municipality, index, person, is_open=year == open_year)
        response.answers = _answers(rng, response, model, maturity, year - years[0])
        planned.append(response)
    return planned


def _maturity(rng: random.Random, municipality: Municipality, model: _AnswerModel) -> _Maturity:
    size = SIZE_EFFECT * (_log(municipality.population) - model.mean_log_population)
    cornerstones = sorted({indicator.cornerstone.code for indicator in model.indicators})
    return _Maturity(
        level=size + rng.gauss(0, MUNICIPALITY_SD),
        by_cornerstone={code: rng.gauss(0, CORNERSTONE_SD) for code in cornerstones},
        yearly_gain=rng.gauss(YEARLY_GAIN, YEARLY_GAIN_SD),
    )


def _participation(municipality: Municipality, model: _AnswerModel) -> float:
    """Larger municipalities answer slightly more often."""
    size = _log(municipality.population) - model.mean_log_population
    return min(max(PARTICIPATION + 0.03 * size, 0.7), 0.97)


def _planned_response(
    rng: random.Random, municipality: Municipality, index: int, person: _Person, *, is_open: bool
) -> _PlannedResponse:
    is_draft = is_open and rng.random() < OPEN_ROUND_DRAFT_SHARE
    return _PlannedResponse(
        municipality=municipality,
        round_index=index,
        person=person,
        submitted_fraction=None if is_draft else rng.uniform(0.05, 0.95),
        version=rng.randint(1, 5),
    )


def _answers(
    rng: random.Random,
    response: _PlannedResponse,
    model: _AnswerModel,
    maturity: _Maturity,
    years_since_first: int,
) -> list[tuple[Indicator, int | None, str]]:
    answered = model.indicators
    if response.submitted_fraction is None:
        answered = answered[: rng.randint(1, max(1, len(answered) - 1))]
    person, base = response.person, maturity.level + maturity.yearly_gain * years_since_first
    answers = []
    for indicator in answered:
        cornerstone = indicator.cornerstone.code
        latent = model.latent_means[indicator.code] + base + person.bias
        latent += maturity.by_cornerstone[cornerstone]
        latent += ROLE_BIAS.get(person.role, {}).get(cornerstone, 0.0)
        answers.append((indicator, _answer_value(rng, latent), _comment(rng)))
    return answers


def _answer_value(rng: random.Random, latent: float) -> int | None:
    """Clamped to the scale, then rounded up with the probability of the fraction: unbiased."""
    if rng.random() < DONT_KNOW_SHARE:
        return None
    clamped = min(max(latent + rng.gauss(0, ANSWER_SD), 1.0), 4.0)
    whole = int(clamped)
    return whole + int(rng.random() < clamped - whole)


def _comment(rng: random.Random) -> str:
    return rng.choice(COMMENTS) if rng.random() < COMMENT_SHARE else ""


def _responses_create(
    planned: list[_PlannedResponse], rounds: list[SurveyRound], summary: DemoSummary
) -> None:
    responses = Response.objects.bulk_create(
        [_response(plan, rounds[plan.round_index]) for plan in planned], batch_size=1000
    )
    answers = [
        Answer(response=response, indicator=indicator, value=value, comment=comment)
        for plan, response in zip(planned, responses, strict=True)
        for indicator, value, comment in plan.answers
    ]
    Answer.objects.bulk_create(answers, batch_size=5000)
    # auto_now_add stamps every response "now": a submitted one started before it was sent.
    Response.objects.filter(round__in=rounds, submitted_at__isnull=False).update(
        started_at=F("submitted_at") - timedelta(hours=20), updated_at=F("submitted_at")
    )
    summary.responses, summary.answers = len(responses), len(answers)
    summary.submitted = sum(plan.submitted_fraction is not None for plan in planned)


def _invitations_create(
    chosen: list[Municipality], planned: list[_PlannedResponse], rounds: list[SurveyRound]
) -> int:
    """Every demo municipality was invited to every round, by mail to its contact the day the
    round opened; those who answered opened their link, and in a published round those who
    had not answered a week before it closed were reminded."""
    contacts = {c.municipality_id: c for c in Contact.objects.filter(municipality__in=chosen)}
    answered = {
        (response.round_id, response.municipality_id): response
        for response in Response.objects.filter(round__in=rounds, municipality__in=chosen)
    }
    now = timezone.now()
    invitations = []
    for survey_round in rounds:
        sent_at = survey_round.opened_at + timedelta(hours=1)
        reminded_at = _at(survey_round.closes_on - timedelta(days=7), 9)
        for municipality in chosen:
            contact = contacts[municipality.pk]
            response = answered.get((survey_round.pk, municipality.pk))
            extra = {"sent_at": sent_at}
            if response is not None:
                extra["opened_at"] = min(_opened_at(response, sent_at), now)
                extra["last_used_at"] = extra["opened_at"]
            if survey_round.status == RoundStatus.PUBLISHED and (
                response is None or (response.submitted_at or now) > reminded_at
            ):
                extra.update(reminders_sent=1, last_reminded_at=reminded_at)
            invitations.append(
                invitation_build(survey_round, municipality, contact.name, contact.email, **extra)
            )
    Invitation.objects.bulk_create(invitations, batch_size=1000)
    return len(invitations)


def _opened_at(response: Response, sent_at: datetime) -> datetime:
    """A respondent opens the link the day they start: a day before submitting, or two
    days after the invitation for a draft."""
    if response.submitted_at is not None:
        return max(response.submitted_at - timedelta(hours=20), sent_at)
    return sent_at + timedelta(days=2)


def _response(plan: _PlannedResponse, survey_round: SurveyRound) -> Response:
    person, is_draft = plan.person, plan.submitted_fraction is None
    return Response(
        round=survey_round,
        municipality=plan.municipality,
        kind=ResponseKind.OFFICIAL,
        status=ResponseStatus.DRAFT if is_draft else ResponseStatus.SUBMITTED,
        respondent_name=person.name,
        respondent_email=person.email,
        respondent_role=person.role,
        version=plan.version,
        submitted_at=_submitted_at(plan, survey_round),
    )


def _submitted_at(plan: _PlannedResponse, survey_round: SurveyRound) -> datetime | None:
    if plan.submitted_fraction is None:
        return None
    window_end = survey_round.closed_at or min(timezone.now(), _at(survey_round.closes_on, 0))
    return survey_round.opened_at + plan.submitted_fraction * (window_end - survey_round.opened_at)


@transaction.atomic
def demo_users_ensure() -> list[DemoLogin]:
    """The demo logins, with the demo password; running it again changes nothing."""
    staff = _demo_user(email=STAFF_EMAIL, first_name="Hanna", last_name="Handläggare")
    staff.groups.add(Group.objects.get(name=NATIONAL_STAFF_GROUP))
    chief = _demo_user(email=MUNICIPAL_EMAIL, first_name="Karin", last_name="Kommunchef")
    municipality = _demo_membership_ensure(chief)
    where = f"kommunchef in {municipality}" if municipality else "kommunchef (no municipality)"
    return [
        DemoLogin(STAFF_EMAIL, DEMO_PASSWORD, "national staff (handläggare)"),
        DemoLogin(MUNICIPAL_EMAIL, DEMO_PASSWORD, where),
    ]


def _demo_user(*, email: str, first_name: str, last_name: str) -> AbstractBaseUser:
    user, _created = get_user_model().objects.get_or_create(
        username=email.lower(),
        defaults={"email": email, "first_name": first_name, "last_name": last_name},
    )
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _demo_membership_ensure(user: AbstractBaseUser) -> Municipality | None:
    """Keep the user's municipality if it answered every round, else pick one that did."""
    candidates = _municipalities_in_every_round()
    current = user.memberships.filter(municipality__in=candidates).first()
    if current is not None:
        return current.municipality
    municipality = _median_by_population(candidates)
    if municipality is not None:
        Membership.objects.create(user=user, municipality=municipality, role=Role.KOMMUNCHEF)
    return municipality


def _municipalities_in_every_round() -> QuerySet[Municipality]:
    rounds = SurveyRound.objects.count()
    official = Q(responses__kind=ResponseKind.OFFICIAL)
    submitted = official & Q(responses__status=ResponseStatus.SUBMITTED)
    return Municipality.objects.annotate(
        answered=Count("responses__round", filter=official, distinct=True),
        submitted=Count("responses__round", filter=submitted, distinct=True),
    ).filter(answered=rounds, answered__gt=0)


def _median_by_population(candidates: QuerySet[Municipality]) -> Municipality | None:
    """Prefer one that submitted every time, so its dashboard has something to show."""
    ordered = list(candidates.order_by("-submitted", "population", "code"))
    best = [m for m in ordered if m.submitted == ordered[0].submitted]
    return best[len(best) // 2] if best else None
