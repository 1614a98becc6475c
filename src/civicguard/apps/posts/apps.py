from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.posts"
    label = "posts"
    default_auto_field = "django.db.models.BigAutoField"
