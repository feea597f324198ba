"""What the surveys app tells others. `reports` listens; surveys never imports reports.

Each is sent after the transaction that made the change has committed, except
round_published: its receivers fix the round's figures inside the publishing
transaction, so a round is never published without them.
"""

from django.dispatch import Signal

# sender=Response; kwargs: response
response_submitted = Signal()
# sender=Response; kwargs: response (answers of a submitted response changed)
response_changed = Signal()
# sender=SurveyRound; kwargs: survey_round
round_closed = Signal()
# sender=SurveyRound; kwargs: survey_round, by (the user, or None); inside the transaction
round_published = Signal()
