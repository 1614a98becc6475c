from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.cases"
    label = "cases"
    verbose_name = "Concerns and cases"
    default_auto_field = "django.db.models.BigAutoField"
