from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Rapporter")

    def ready(self) -> None:
        from reports import receivers
        from surveys import signals

        signals.response_submitted.connect(receivers.on_response_saved, dispatch_uid="reports")
        signals.response_changed.connect(receivers.on_response_saved, dispatch_uid="reports")
        signals.round_closed.connect(receivers.on_round_closed, dispatch_uid="reports")
        signals.round_published.connect(receivers.on_round_published, dispatch_uid="reports")
