from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.people"
    label = "people"
    verbose_name = "People"
    default_auto_field = "django.db.models.BigAutoField"
