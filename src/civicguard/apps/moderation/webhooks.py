"""Meta (Facebook Pages and Instagram) webhooks: the subscription handshake and signed deliveries.

A delivery is taken only when its X-Hub-Signature-256 is the HMAC-SHA256 of the exact body under the app
secret. Anything refused is kept in the dead-letter table with the reason and answered 4xx with it.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from civicguard.apps.moderation.services.ingest import MAX_BODY_BYTES, dead_letter, ingest
from civicguard.errors import BadInput


def _refuse(status: int, reason: str) -> JsonResponse:
    return JsonResponse({"error": {"code": "refused", "message": reason}}, status=status)


def _remote(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def signature_ok(body: bytes, header: str, secret: str) -> bool:
    if not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256=").strip().lower())


@csrf_exempt
@require_http_methods(["GET", "POST"])
def meta(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _handshake(request)
    secret = settings.CIVICGUARD_META_APP_SECRET
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > MAX_BODY_BYTES:
        dead_letter(source="meta", reason=f"delivery of {length} bytes is over the limit", body=b"",
                    remote=_remote(request))
        return _refuse(413, "the delivery is too large")
    body = request.body
    if not secret:
        dead_letter(source="meta", reason="CIVICGUARD_META_APP_SECRET is not set, so no delivery can be verified",
                    body=body, remote=_remote(request))
        return _refuse(503, "this site is not set up to receive Meta webhooks")
    header = request.headers.get("X-Hub-Signature-256", "")
    if not header:
        dead_letter(source="meta", reason="unsigned delivery (no X-Hub-Signature-256 header)", body=body,
                    remote=_remote(request))
        return _refuse(401, "the delivery is not signed (X-Hub-Signature-256 is missing)")
    if not signature_ok(body, header, secret):
        dead_letter(source="meta", reason="the X-Hub-Signature-256 signature does not match the body",
                    body=body, remote=_remote(request))
        return _refuse(403, "the signature does not match the body")
    try:
        report = ingest(source="meta", body=body, remote=_remote(request))
    except BadInput as exc:
        return _refuse(400, str(exc))
    return JsonResponse({"received": report.to_dict()})


def _handshake(request: HttpRequest) -> HttpResponse:
    token = settings.CIVICGUARD_META_VERIFY_TOKEN
    mode = request.GET.get("hub.mode", "")
    given = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    if not token:
        return _refuse(503, "CIVICGUARD_META_VERIFY_TOKEN is not set")
    if mode != "subscribe" or not hmac.compare_digest(given.encode(), token.encode()):
        return _refuse(403, "the verify token does not match")
    if not challenge or len(challenge) > 200:
        return _refuse(400, "hub.challenge is missing")
    return HttpResponse(challenge, content_type="text/plain")
