from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.social_accounts"
    label = "social_accounts"
    default_auto_field = "django.db.models.BigAutoField"
