from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.embargo"
    label = "embargo"
    default_auto_field = "django.db.models.BigAutoField"
