from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.sso"
    label = "sso"
    verbose_name = "Single sign-on and two-factor sign-in"
    default_auto_field = "django.db.models.BigAutoField"
