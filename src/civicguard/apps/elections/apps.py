from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.elections"
    label = "elections"
    verbose_name = "Elections and the pre-election period"
    default_auto_field = "django.db.models.BigAutoField"
