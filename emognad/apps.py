from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class EmognadConfig(AppConfig):
    name = "emognad"
    verbose_name = "E-mognad"
    default = True


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on our own site (emognad/admin_site.py), whose sign-in is throttled
    like the login page's. Its URLs exist only when ADMIN_ENABLED is on."""

    default = False
    default_site = "emognad.admin_site.AdminSite"
