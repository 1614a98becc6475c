from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.notifications"
    label = "notifications"
    verbose_name = "Notifications"
    default_auto_field = "django.db.models.BigAutoField"
