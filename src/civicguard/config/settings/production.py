"""A real deployment: secrets and hosts must come from the environment, cookies only over HTTPS."""

import os

from django.core.exceptions import ImproperlyConfigured

from civicguard.config.settings.base import *  # noqa: F403

# The audit key too: generating it into the home folder (the embedded default) would put it beside the data it
# protects (docs/audit-trail.md).
for _name in ("CIVICGUARD_SECRET_KEY", "CIVICGUARD_ALLOWED_HOSTS", "CIVICGUARD_AUDIT_KEY"):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"{_name} must be set in the environment for production")

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("CIVICGUARD_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
