from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """One person's personal data wherever it is kept. Above `municipalities` and `surveys`,
    whose models it reads and pseudonymises; nothing below imports it."""

    name = "privacy"
    verbose_name = _("Personuppgifter")
