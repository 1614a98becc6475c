from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.access"
    label = "access"
    verbose_name = "Access rules"
