from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.dashboard"
    label = "dashboard"
    default_auto_field = "django.db.models.BigAutoField"
