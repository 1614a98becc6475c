from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.reviews"
    label = "reviews"
    verbose_name = "Account reviews and procedures"
    default_auto_field = "django.db.models.BigAutoField"
