from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.media"
    label = "media"
    verbose_name = "Photos and video"
    default_auto_field = "django.db.models.BigAutoField"
