"""Reports hear of submissions and closed rounds through the surveys app's signals."""

from reports.services import recompute_request


def on_response_saved(sender, response, **kwargs) -> None:
    recompute_request(round_id=response.round_id)


def on_round_closed(sender, survey_round, **kwargs) -> None:
    recompute_request(round_id=survey_round.pk)
