from django.apps import AppConfig


class EmognadConfig(AppConfig):
    name = "emognad"
    verbose_name = "E-mognad"
