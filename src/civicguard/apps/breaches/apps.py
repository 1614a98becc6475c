from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.breaches"
    label = "breaches"
    verbose_name = "Personal data breaches"
    default_auto_field = "django.db.models.BigAutoField"
