from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Kommuner")

    def ready(self) -> None:
        from municipalities.converters import MunicipalityCodeConverter
        from municipalities.signals import ensure_national_staff_group

        register_converter(MunicipalityCodeConverter, "code")

        post_migrate.connect(ensure_national_staff_group, dispatch_uid="national_staff_group")
