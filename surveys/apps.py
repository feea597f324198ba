from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What national staff may do with the surveys' models: open and close rounds, invite,
# follow the responses and their change log (never answer: that takes a membership).
NATIONAL_STAFF_PERMISSIONS = (
    "surveys.view_surveyround",
    "surveys.add_surveyround",
    "surveys.change_surveyround",
    "surveys.view_invitation",
    "surveys.change_invitation",
    "surveys.view_response",
    "surveys.view_answerchange",
)


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Enkäter")

    def ready(self) -> None:
        from municipalities.access import national_staff_may

        national_staff_may(*NATIONAL_STAFF_PERMISSIONS)
