"""Small builders for report tests: submitted responses with given answers, publishing."""

from surveys.models import Response, RoundStatus, SurveyRound
from tests.factories import ResponseFactory, answered


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
