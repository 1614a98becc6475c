from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.disclosure"
    label = "disclosure"
    verbose_name = "Freedom of Information, subject access and retention"
    default_auto_field = "django.db.models.BigAutoField"
