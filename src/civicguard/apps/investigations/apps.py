from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.investigations"
    label = "investigations"
    verbose_name = "Investigations and RIPA"
    default_auto_field = "django.db.models.BigAutoField"
