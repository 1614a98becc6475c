from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.advice"
    label = "advice"
    verbose_name = "Advice requests"
    default_auto_field = "django.db.models.BigAutoField"
