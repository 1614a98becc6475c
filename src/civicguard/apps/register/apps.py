from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.register"
    label = "register"
    verbose_name = "Public register"
    default_auto_field = "django.db.models.BigAutoField"
