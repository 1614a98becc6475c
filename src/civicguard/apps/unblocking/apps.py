from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.unblocking"
    label = "unblocking"
    verbose_name = "Website unblocking"
    default_auto_field = "django.db.models.BigAutoField"
