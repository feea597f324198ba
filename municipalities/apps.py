from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Kommuner")

    def ready(self) -> None:
        from municipalities.signals import ensure_national_staff_group

        post_migrate.connect(ensure_national_staff_group, dispatch_uid="national_staff_group")
