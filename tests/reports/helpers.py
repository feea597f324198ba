"""Small builders for report tests: rounds and submitted responses with given answers."""

import datetime

from django.utils import timezone

from surveys.models import Answer, Indicator, Questionnaire, Response, RoundStatus, SurveyRound
from surveys.services import questionnaire_files, questionnaire_load


def questionnaire() -> Questionnaire:
    return questionnaire_load(path=questionnaire_files()[0])[0]


def make_round(year: int, previous: SurveyRound | None = None, status=RoundStatus.OPEN):
    return SurveyRound.objects.create(
        year=year,
        questionnaire=questionnaire(),
        opens_on=datetime.date(year, 3, 1),
        closes_on=datetime.date(year, 5, 31),
        previous_round=previous,
        status=status,
    )


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
    response = Response.objects.create(
        round=survey_round,
        municipality=municipality,
        respondent_name="Svarande",
        respondent_email=email,
        respondent_role=role,
        status="submitted" if submitted else "draft",
        submitted_at=timezone.now() if submitted else None,
    )
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(cornerstone__questionnaire=survey_round.questionnaire)
    }
    Answer.objects.bulk_create(
        Answer(response=response, indicator=indicators[code], value=value)
        for code, value in answers.items()
    )
    return response


def publish(survey_round):
    """Publish the round as staff do (closed, then published): its figures are fixed."""
    from surveys.services.rounds import round_transition

    SurveyRound.objects.filter(pk=survey_round.pk).update(status=RoundStatus.CLOSED)
    return round_transition(survey_round=survey_round, action="publish")
