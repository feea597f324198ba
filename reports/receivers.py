"""Reports hear of submissions, closed and published rounds through the surveys app's
signals."""

from reports.services import recompute_request, round_publication_freeze


def on_response_saved(sender, response, **kwargs) -> None:
    recompute_request(round_id=response.round_id)


def on_round_closed(sender, survey_round, **kwargs) -> None:
    recompute_request(round_id=survey_round.pk)


def on_round_published(sender, survey_round, by=None, **kwargs) -> None:
    round_publication_freeze(survey_round=survey_round, by=by)
