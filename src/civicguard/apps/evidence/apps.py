from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.evidence"
    label = "evidence"
    verbose_name = "Evidence"
    default_auto_field = "django.db.models.BigAutoField"
