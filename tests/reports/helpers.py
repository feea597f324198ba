"""Small builders for report tests: submitted responses with given answers, publishing, and
the dashboard's case computed by hand."""

from django.urls import reverse

from reports.services import round_recompute
from surveys.models import Response, RoundStatus, SurveyRound
from tests.factories import MunicipalityFactory, ResponseFactory, SurveyRoundFactory, answered


def submit(
    survey_round,
    municipality,
    answers: dict,
    *,
    email="chef@kommun.example",
    role="kommunchef",
    submitted=True,
) -> Response:
    """answers: indicator code -> 1..4, or None for "vet ej"; codes left out are unanswered."""
    response = ResponseFactory(
        round=survey_round,
        municipality=municipality,
        respondent_email=email,
        respondent_role=role,
        status="submitted" if submitted else "draft",
    )
    return answered(response, answers)


def publish(survey_round):
    """Publish the round as staff do (closed, then published): its figures are fixed."""
    from surveys.services.rounds import round_transition

    SurveyRound.objects.filter(pk=survey_round.pk).update(status=RoundStatus.CLOSED)
    return round_transition(survey_round=survey_round, action="publish")


def dashboard_case(municipality, other_municipality) -> tuple[SurveyRound, SurveyRound]:
    """The rounds 2024 (published) and 2025 of the case in tests/reports/test_dashboard.py's
    docstring, recomputed with the small-group threshold as the caller set it."""
    third = MunicipalityFactory(code="9003", name="Testkommun C", population=30_000)
    previous = SurveyRoundFactory(year=2024, status="published")
    submit(previous, municipality, {"SL1": 2, "SI1": 2, "FK1": 2, "IT1": 2})
    submit(previous, other_municipality, {"SL1": 3, "SI1": 3, "FK1": 3, "IT1": 3})
    current = SurveyRoundFactory(year=2025, previous_round=previous)
    submit(
        current,
        municipality,
        {"SL1": 4, "SL2": 2, "SI1": 4, "FK1": 2, "IT1": 1, "IT2": None},
    )
    submit(current, other_municipality, {"SL1": 1, "SI1": 2, "FK1": 2, "IT1": 3})
    submit(current, third, {"SL1": 4, "SI1": 4, "FK1": 3, "IT1": 3})
    round_recompute(survey_round=previous)
    round_recompute(survey_round=current)
    return previous, current


def dashboard_url(year=2025, code="9001", name="municipality_dashboard") -> str:
    return reverse(name, kwargs={"year": year, "code": code})
