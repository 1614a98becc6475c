from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.onboarding"
    label = "onboarding"
    verbose_name = "User Agreements and training"
    default_auto_field = "django.db.models.BigAutoField"
