from django.apps import AppConfig


class Config(AppConfig):
    name = "civicguard.apps.staff"
    label = "staff"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from civicguard.apps.staff import signals  # noqa: F401  (connects the login-failure receiver)
