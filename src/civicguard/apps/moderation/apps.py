from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.moderation"
    label = "moderation"
    default_auto_field = "django.db.models.BigAutoField"
