"""Writes of the surveys app, one module per part of the domain."""

from surveys.services.answering import (
    AnswerInput,
    Editor,
    answers_save,
    response_start,
    response_submit,
)
from surveys.services.invitations import (
    invitation_enter,
    invitation_hand_over,
)
from surveys.services.questionnaires import questionnaire_files, questionnaire_load
from surveys.services.rounds import (
    round_close,
    round_create,
    round_open,
    round_publish,
    round_reopen,
)

__all__ = [
    "AnswerInput",
    "Editor",
    "answers_save",
    "invitation_enter",
    "invitation_hand_over",
    "questionnaire_files",
    "questionnaire_load",
    "response_start",
    "response_submit",
    "round_close",
    "round_create",
    "round_open",
    "round_publish",
    "round_reopen",
]
