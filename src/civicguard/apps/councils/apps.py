from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.councils"
    label = "councils"
    default_auto_field = "django.db.models.BigAutoField"
