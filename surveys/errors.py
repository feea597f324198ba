from django.core.exceptions import ValidationError


class SurveyError(ValidationError):
    """A rule of the survey said no; the message says why, in the user's language."""


class RoundStateError(SurveyError):
    pass


class RoundClosedError(SurveyError):
    pass


class EditConflictError(SurveyError):
    """Someone else saved these answers after this editor loaded them."""

    def __init__(self, message, conflicts: list) -> None:
        super().__init__(message, code="conflict")
        self.conflicts = conflicts


class StartFirstError(Exception):
    """While the round is open, answering starts by saying who answers: the start page
    comes first (a page redirects there, the autosave says so in JSON)."""


class ReminderRefused(SurveyError):
    """No reminder applies to this municipality now; the message says why."""
