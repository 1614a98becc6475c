from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.consent"
    label = "consent"
    verbose_name = "Photo consent"
    default_auto_field = "django.db.models.BigAutoField"
