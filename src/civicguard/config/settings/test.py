"""The test suite: the embedded default (or DATABASE_URL when CI points it at PostgreSQL), fast hashing,
and a throwaway home so tests never touch ./var."""

import os
import tempfile

os.environ.setdefault("CIVICGUARD_HOME", tempfile.mkdtemp(prefix="civicguard-test-"))

from civicguard.config.settings.base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Look static files up per request instead of indexing them all each time a test client starts.
WHITENOISE_AUTOREFRESH = True
# A shared Redis outlives a test run: give each test process its own key prefix, so sign-in failure counts
# (and anything else cached) never carry from one run or worker into another.
if REDIS_URL:  # noqa: F405
    import uuid

    CACHES["default"]["KEY_PREFIX"] = f"civicguard-test-{uuid.uuid4().hex}"  # noqa: F405

# Tasks run in-process in tests even when CI points CELERY_BROKER_URL at Redis; the worker tests start real
# worker processes of their own.
CELERY_TASK_ALWAYS_EAGER = True

# The worker tests start real `celery worker` processes, which must see the test database: on SQLite keep it in
# a file under the throwaway home (pytest-django adds _gw0, _gw1... per xdist process), not in memory.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(HOME / "test.sqlite3")}  # noqa: F405

# Existing tests sign administrators in with a password alone; tests/apps/sso and the SSO browser test turn
# two-factor on where they test it.
CIVICGUARD_REQUIRE_TWO_FACTOR = False
