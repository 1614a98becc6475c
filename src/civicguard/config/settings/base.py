"""The embedded default: works with nothing configured (SQLite, in-process tasks, a generated secret key).

Every secret comes from the environment; see the README's Configuration section for the variables.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from civicguard.apps.sso.config import sso_from_env
from civicguard.config.settings.cache import *  # noqa: F403
from civicguard.config.settings.database import database_from_env
from civicguard.config.settings.moderation import *  # noqa: F403
from civicguard.config.settings.tasks import *  # noqa: F403

PACKAGE_DIR = Path(__file__).resolve().parents[2]
HOME = Path(os.environ.get("CIVICGUARD_HOME", "var")).resolve()
HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    from_env = os.environ.get("CIVICGUARD_SECRET_KEY", "").strip()
    if from_env:
        return from_env
    # Embedded default only: one random key per installation, kept beside the database, never in the code.
    path = HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("CIVICGUARD_DEBUG", "") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("CIVICGUARD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
                 .split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CIVICGUARD_CSRF_TRUSTED_ORIGINS", "").split(",")
                        if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "civicguard.apps.councils",
    "civicguard.apps.access",
    "civicguard.apps.staff",
    "civicguard.apps.people",
    "civicguard.apps.social_accounts",
    "civicguard.apps.audit",
    "civicguard.apps.embargo",
    "civicguard.apps.posts",
    "civicguard.apps.moderation",
    "civicguard.apps.onboarding",
    "civicguard.apps.reviews",
    "civicguard.apps.unblocking",
    "civicguard.apps.advice",
    "civicguard.apps.policyreview",
    "civicguard.apps.register",
    "civicguard.apps.notifications",
    "civicguard.apps.dashboard",
    "civicguard.apps.media",
    "civicguard.apps.consent",
    "civicguard.apps.evidence",
    "civicguard.apps.cases",
    "civicguard.apps.breaches",
    "civicguard.apps.investigations",
    "civicguard.apps.elections",
    "civicguard.apps.disclosure",
    # Signing in: two-factor codes for password sign-ins (django-otp, TOTP) and each council's directory (apps/sso).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "civicguard.apps.sso",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "civicguard.common.middleware.ApiBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "civicguard.common.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "civicguard.config.urls"
WSGI_APPLICATION = "civicguard.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "civicguard.apps.access.navigation.navigation",
                "civicguard.apps.elections.context.pre_election",
            ],
            # |category_label, |severity_label, |verdict_label on every page (plain English for engine codes).
            "builtins": ["civicguard.common.templatetags.plain_english"],
        },
    }
]

DATABASES = {"default": database_from_env(HOME)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# NCSC password guidance: length and a deny-list of common passwords, no composition or similarity rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in (docs/sso-design.md): a password (ModelBackend) or a council's directory over OpenID Connect
# (DirectoryBackend, which acts only in the directory's callback). Each council's directory comes from
# CIVICGUARD_SSO_<COUNCIL>_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _GROUPS_CLAIM, _GROUP_ROLES (and _SCOPES), e.g.
# CIVICGUARD_SSO_ST_HELENS_ISSUER=https://login.microsoftonline.com/<tenant-id>/v2.0.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend",
                           "civicguard.apps.sso.backend.DirectoryBackend"]
CIVICGUARD_SSO = sso_from_env(os.environ)
# A password sign-in by anyone holding `admin`, or by a break-glass account (one of their councils signs in
# through its directory), needs a code from an authenticator app (TOTP). "0" turns this off (never in production).
CIVICGUARD_REQUIRE_TWO_FACTOR = os.environ.get("CIVICGUARD_REQUIRE_TWO_FACTOR", "1").strip() != "0"
OTP_TOTP_ISSUER = "CivicGuard"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# GOV.UK Frontend comes from npm (node_modules/govuk-frontend/dist/govuk); `make install` runs npm ci.
GOVUK_FRONTEND_DIR = Path(os.environ.get("CIVICGUARD_GOVUK_FRONTEND",
                                         PACKAGE_DIR.parents[1] / "node_modules" / "govuk-frontend" / "dist" / "govuk"))
STATICFILES_DIRS = [("civicguard", PACKAGE_DIR / "static" / "civicguard")]
if GOVUK_FRONTEND_DIR.is_dir():
    STATICFILES_DIRS.append(("govuk", GOVUK_FRONTEND_DIR))
WHITENOISE_USE_FINDERS = True
# The GOV.UK stylesheet asks for its fonts and images at /assets/: serve that folder at the site root.
WHITENOISE_ROOT = GOVUK_FRONTEND_DIR if GOVUK_FRONTEND_DIR.is_dir() else None
WHITENOISE_AUTOREFRESH = DEBUG

MEDIA_ROOT = HOME / "media"
MEDIA_URL = "/media/"
# Uploads: images for posts and documents for the embargo register are checked before they are kept.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
CIVICGUARD_MAX_UPLOAD_BYTES = int(os.environ.get("CIVICGUARD_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
# The largest piece of evidence (a captured page, a screenshot) a case keeps: 20 MB unless set. A web upload is
# limited by CIVICGUARD_MAX_UPLOAD_BYTES too; captures made by the command line or the API's JSON are not.
CIVICGUARD_MAX_EVIDENCE_BYTES = int(os.environ.get("CIVICGUARD_MAX_EVIDENCE_BYTES", 20 * 1024 * 1024))
# Photos (apps/media): an image's pixels are counted from its header before it is decoded, and one over this is refused
# (a decompression bomb). The originals and their clean copies are kept here, outside MEDIA_ROOT and STATIC_ROOT: no
# URL reaches them, only the media pages and API, which check the person and log every look (Sefton 5.5.4.9).
CIVICGUARD_MAX_IMAGE_PIXELS = int(os.environ.get("CIVICGUARD_MAX_IMAGE_PIXELS", 40_000_000))
# Video (apps/media): at most this many seconds, read from its frames (the container's word is not taken); each frame
# within CIVICGUARD_MAX_IMAGE_PIXELS and the file within CIVICGUARD_MAX_UPLOAD_BYTES, like a photo.
CIVICGUARD_MAX_VIDEO_SECONDS = float(os.environ.get("CIVICGUARD_MAX_VIDEO_SECONDS", 180))
CIVICGUARD_MEDIA_STORE = Path(os.environ.get("CIVICGUARD_MEDIA_STORE", HOME / "private-media")).resolve()
# What an uploaded document may expand to while it is read (civicguard.common.uploads; docs/bad-input.md): the
# bytes its zip parts or PDF streams inflate to, the compression ratio of a part, the zip's parts and PDF pages,
# and the seconds a PDF may take. A file past any of them is refused with a form error, before it can fill memory.
CIVICGUARD_UPLOAD_MAX_EXPANDED_BYTES = int(os.environ.get("CIVICGUARD_UPLOAD_MAX_EXPANDED_BYTES", 64 * 1024 * 1024))
CIVICGUARD_UPLOAD_MAX_RATIO = 100
CIVICGUARD_UPLOAD_MAX_PARTS = 1000
CIVICGUARD_UPLOAD_MAX_PDF_PAGES = 500
CIVICGUARD_UPLOAD_MAX_SECONDS = 10.0
# The council's own networks (comma-separated CIDRs, e.g. "10.0.0.0/8,192.0.2.0/24"): drafting, approving and
# moderating from any other address is refused and logged (St Helens 6.19). Empty: no limit. Read by
# civicguard.apps.onboarding.network from the request's REMOTE_ADDR.
CIVICGUARD_WORK_NETWORKS = os.environ.get("CIVICGUARD_WORK_NETWORKS", "")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "civicguard.apps.access.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["civicguard.common.api.JSONParser"],
    "EXCEPTION_HANDLER": "civicguard.common.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "civicguard.common.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": "civicguard.common.api.Pagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CivicGuard API",
    "DESCRIPTION": "Check posts against a council's social media policy; draft, submit and approve official posts.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # What every operation shares (empty optional query parameters, 413 for a body over the limit): said once.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "civicguard.common.openapi.document_api_conventions"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CIVICGUARD_LOG_LEVEL", "WARNING")},
}
