"""Comment moderation: the Meta webhook's secrets, the CRM webhook for hand-offs, outgoing e-mail."""

from __future__ import annotations

import os

# Meta (Facebook Pages, Instagram) webhooks: the app secret signs each delivery (X-Hub-Signature-256); the
# verify token answers the subscription handshake. Without a secret every delivery is refused.
CIVICGUARD_META_APP_SECRET = os.environ.get("CIVICGUARD_META_APP_SECRET", "")
CIVICGUARD_META_VERIFY_TOKEN = os.environ.get("CIVICGUARD_META_VERIFY_TOKEN", "")

# Hand-offs to a council's CRM: a JSON POST signed with HMAC-SHA256. One address for every council, or one
# per council in CIVICGUARD_HANDOFF_WEBHOOK_URL_<COUNCIL> (ST_HELENS, SEFTON), which wins.
CIVICGUARD_HANDOFF_WEBHOOK_URL = os.environ.get("CIVICGUARD_HANDOFF_WEBHOOK_URL", "")
CIVICGUARD_HANDOFF_WEBHOOK_URLS = {
    key.removeprefix("CIVICGUARD_HANDOFF_WEBHOOK_URL_").lower().replace("_", "-"): value
    for key, value in os.environ.items()
    if key.startswith("CIVICGUARD_HANDOFF_WEBHOOK_URL_") and value
}
CIVICGUARD_HANDOFF_WEBHOOK_SECRET = os.environ.get("CIVICGUARD_HANDOFF_WEBHOOK_SECRET", "")
CIVICGUARD_HANDOFF_MAX_ATTEMPTS = int(os.environ.get("CIVICGUARD_HANDOFF_MAX_ATTEMPTS", "6"))

# Outgoing e-mail (hand-offs). The embedded default prints messages to the console.
EMAIL_BACKEND = os.environ.get("CIVICGUARD_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("CIVICGUARD_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CIVICGUARD_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CIVICGUARD_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CIVICGUARD_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("CIVICGUARD_EMAIL_TLS", "").lower() in {"1", "true", "yes"}
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("CIVICGUARD_EMAIL_FROM", "civicguard@localhost")

# Pictures attached to comments (apps/moderation/attachments.py): fetched by the worker only from these hosts
# (shell-style patterns, comma-separated; `host:port` for a port other than 443), https only. A Mastodon comment may
# also come from its account's instance and the hosts under it. Anything not fetched sends the comment to a person.
CIVICGUARD_ATTACHMENT_HOSTS = [h.strip() for h in os.environ.get(
    "CIVICGUARD_ATTACHMENT_HOSTS", "*.fbcdn.net,*.cdninstagram.com").split(",") if h.strip()]
CIVICGUARD_ATTACHMENT_MAX_BYTES = int(os.environ.get("CIVICGUARD_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
CIVICGUARD_ATTACHMENT_SECONDS = float(os.environ.get("CIVICGUARD_ATTACHMENT_SECONDS", "10"))
CIVICGUARD_ATTACHMENT_BATCH_SECONDS = float(os.environ.get("CIVICGUARD_ATTACHMENT_BATCH_SECONDS", "120"))
# A certificate bundle to trust instead of the system's (a council's own TLS-inspecting proxy); empty: the system's.
CIVICGUARD_ATTACHMENT_CA_FILE = os.environ.get("CIVICGUARD_ATTACHMENT_CA_FILE", "")
