from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.policyreview"
    label = "policyreview"
    verbose_name = "Policy reviews"
    default_auto_field = "django.db.models.BigAutoField"
