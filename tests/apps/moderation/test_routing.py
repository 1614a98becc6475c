"""Hand-offs: the suggested route and reply, e-mail, the signed CRM webhook, retries with back-off."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from datetime import timedelta
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.audit.services import audit_verify
from civicguard.apps.moderation import tasks
from civicguard.apps.moderation.models import Comment, CommentStatus, Delivery, Handoff, ModerationDecision
from civicguard.apps.moderation.services import routing
from civicguard.apps.moderation.services.decisions import decide
from civicguard.apps.moderation.services.routing import (
    BACKOFF_FIRST,
    MAX_REPLY,
    check_reply,
    retry_delivery,
    route_comment,
    suggested_reply,
    suggested_route,
)
from civicguard.engine import pack_for
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound
from tests.apps.factories import council, person
from tests.apps.moderation.factories import (
    CLEAN,
    COMPLAINT,
    OFFENSIVE,
    PRESS,
    SAFEGUARDING,
    SERVICE,
    account,
    comment,
)

SECRET = "handoff-test-secret"  # noqa: S105 - a test value


# ---- a tiny CRM that receives the webhook --------------------------------------------------------------

class Crm:
    def __init__(self) -> None:
        self.received: list[tuple[Message, bytes]] = []
        self.answer = 200
        self.url = ""


@pytest.fixture
def crm():
    box = Crm()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server name
            data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            box.received.append((self.headers, data))
            self.send_response(box.answer)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    box.url = f"http://127.0.0.1:{server.server_address[1]}/crm/handoffs"
    yield box
    server.shutdown()
    server.server_close()
    thread.join(5)


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/nobody-listens"


def webhook(url: str, **more: Any) -> Any:
    return override_settings(CIVICGUARD_HANDOFF_WEBHOOK_URL=url, CIVICGUARD_HANDOFF_WEBHOOK_URLS={},
                             CIVICGUARD_HANDOFF_WEBHOOK_SECRET=SECRET, **more)


def no_webhook() -> Any:
    return override_settings(CIVICGUARD_HANDOFF_WEBHOOK_URL="", CIVICGUARD_HANDOFF_WEBHOOK_URLS={})


def refresh(obj: Any) -> Any:
    obj.refresh_from_db()
    return obj


def route(c: Comment, capture: Any, route_name: str = "contact_centre", reason: str = "service-request",
          **kwargs: Any) -> Handoff:
    with capture(execute=True):
        return route_comment(comment=c, actor=kwargs.pop("actor", None) or person("moderator", c.council.slug),
                             route=route_name, reason_code=reason, **kwargs)


# ---- the suggested route and reply ---------------------------------------------------------------------

@pytest.mark.parametrize(("categories", "expected"), [
    (",safeguarding,", "safeguarding"),
    (",press_enquiry,safeguarding,service_request,", "safeguarding"),
    (",complaint,press_enquiry,", "press_office"),
    (",press_enquiry,", "press_office"),
    (",complaint,service_request,", "contact_centre"),
    (",complaint,", "contact_centre"),
    (",offensive,personal_data,", ""),
    ("", ""),
])
@pytest.mark.parametrize("slug", ["st-helens", "sefton"])
def test_the_suggested_route_prefers_safeguarding_then_press_then_contact_centre(slug, categories, expected):
    c = comment(account(slug), CLEAN)
    Comment.objects.filter(pk=c.pk).update(categories=categories)
    assert suggested_route(refresh(c)) == expected


@pytest.mark.parametrize(("text", "expected"), [(SAFEGUARDING, "safeguarding"), (PRESS, "press_office"),
                                                (SERVICE, "contact_centre"), (COMPLAINT, "contact_centre"),
                                                (OFFENSIVE, "")])
def test_the_suggested_route_follows_the_checks_findings(text, expected):
    assert suggested_route(comment(account(), text)) == expected


ROUTES = [(slug, name) for slug in ("st-helens", "sefton") for name in pack_for(slug).facts.moderation.routes]


@pytest.mark.parametrize(("slug", "name"), ROUTES)
def test_every_suggested_reply_is_filled_in_and_passes_the_reply_check(slug, name):
    facts = pack_for(slug).facts.moderation.routes[name]
    reply = suggested_reply(slug, name)
    assert "{" not in reply and "}" not in reply
    for field in ("name", "email", "phone"):
        if "{" + field + "}" in facts.reply:
            assert (getattr(facts, field) or facts.email) in reply
    result = check_reply(council=council(slug), text=reply)
    assert result["channel"] == "reply"
    assert [f for f in result["findings"] if f["severity"] == "block"] == []
    assert result["verdict"] != "block"


@pytest.mark.parametrize(("reply", "named"), [
    ("Thanks Joan, we have your NHS number 943 476 5919 on file. Please ring the Contact Centre.", "NHS number"),
    ("Please stop being such a fucking idiot and ring the Contact Centre.", "offensive"),
])
def test_a_reply_the_engine_would_block_is_refused_with_its_findings(reply, named,
                                                                     django_capture_on_commit_callbacks):
    c = comment(account(), SERVICE)
    with pytest.raises(BadInput) as err:
        route(c, django_capture_on_commit_callbacks, reply=reply)
    assert err.value.data["field"] == "reply" and "would be blocked" in str(err.value)
    assert named in str(err.value)
    assert refresh(c).status == CommentStatus.NEEDS_REVIEW
    assert not Handoff.objects.exists() and not ModerationDecision.objects.exists() and not mail.outbox


# ---- routing and e-mail --------------------------------------------------------------------------------

def test_routing_creates_a_handoff_decision_and_audit_and_emails_the_team(django_capture_on_commit_callbacks):
    c = comment(account(), SERVICE, author="Sam Resident")
    moderator = person("moderator")
    with no_webhook():
        handoff = route(c, django_capture_on_commit_callbacks, actor=moderator, note="bin not emptied")
    assert refresh(c).status == CommentStatus.ROUTED
    assert (handoff.route, handoff.route_name, handoff.urgent) == ("contact_centre", "Contact Centre", False)
    assert handoff.actor == moderator and handoff.note == "bin not emptied"
    assert handoff.reply == suggested_reply("st-helens", "contact_centre")
    assert handoff.reply_check["channel"] == "reply" and handoff.reply_check["verdict"] == "pass"
    decision = c.decisions.get()
    assert (decision.action, decision.reason_code, decision.actor, decision.status_after) == (
        "route", "service-request", moderator, "routed")
    entry = AuditEntry.objects.get(event="moderation.comment.route")
    assert entry.after["handoff"] == handoff.pk and entry.after["route"] == "contact_centre"
    assert entry.after["to"] == "Contact Centre" and entry.after["urgent"] is False
    # Delivered after the commit: one e-mail to the route's address.
    email = refresh(Delivery.objects.get(handoff=handoff))
    assert (email.channel, email.target, email.status, email.attempts) == (
        "email", "contactcentre@sthelens.gov.uk", Delivery.Status.SENT, 1)
    assert email.delivered is not None and email.last_error == "" and refresh(handoff).delivered
    [message] = mail.outbox
    assert message.to == ["contactcentre@sthelens.gov.uk"]
    assert not message.subject.startswith("[URGENT]") and "Contact Centre" in message.subject
    assert SERVICE in message.body and "Sam Resident" in message.body and "bin not emptied" in message.body
    assert handoff.reply in message.body
    delivered = AuditEntry.objects.get(event="moderation.handoff.delivered")
    assert delivered.after["channel"] == "email" and "not_sent" not in delivered.after  # the tests' locmem backend
    assert audit_verify()[1] == []


@pytest.mark.parametrize(("backend", "says"), [
    ("django.core.mail.backends.console.EmailBackend", "only writes e-mails to its log"),
    ("django.core.mail.backends.dummy.EmailBackend", "throws e-mails away"),
    ("django.core.mail.backends.filebased.EmailBackend", "only writes e-mails to files on the server"),
    ("django.core.mail.backends.smtp.EmailBackend", ""),
])
def test_the_email_backends_that_send_nothing_are_named(backend, says):
    with override_settings(EMAIL_BACKEND=backend):
        assert (says in routing.email_not_sent()) if says else routing.email_not_sent() == ""


def test_an_email_written_only_to_the_server_log_is_audited_as_not_sent(django_capture_on_commit_callbacks):
    c = comment(account(), SERVICE)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"), no_webhook():
        route(c, django_capture_on_commit_callbacks)
    entry = AuditEntry.objects.get(event="moderation.handoff.delivered")
    assert entry.after["channel"] == "email" and "console e-mail backend" in entry.after["not_sent"]


@pytest.mark.parametrize("slug", ["st-helens", "sefton"])
def test_a_safeguarding_handoff_is_urgent(slug, django_capture_on_commit_callbacks):
    c = comment(account(slug), SAFEGUARDING)
    with no_webhook():
        handoff = route(c, django_capture_on_commit_callbacks, "safeguarding", "safeguarding")
    assert handoff.urgent
    [message] = mail.outbox
    assert message.subject.startswith("[URGENT] ") and "URGENT" in message.body
    assert message.to == [pack_for(slug).facts.moderation.routes["safeguarding"].email]


def test_a_moderator_may_write_their_own_reply(django_capture_on_commit_callbacks):
    c = comment(account(), PRESS)
    with no_webhook():
        handoff = route(c, django_capture_on_commit_callbacks, "press_office", "press-enquiry",
                        reply="  Please e-mail pressoffice@sthelens.gov.uk.\x00  ")
    assert handoff.reply == "Please e-mail pressoffice@sthelens.gov.uk."
    with no_webhook():
        handoff = route(comment(account(), PRESS), django_capture_on_commit_callbacks, "press_office",
                        "press-enquiry", reply="")
    assert handoff.reply == "" and handoff.reply_check is None


def test_routing_needs_a_moderator_of_the_council(django_capture_on_commit_callbacks):
    c = comment(account(), SERVICE)
    with pytest.raises(NotAllowed):
        route(c, django_capture_on_commit_callbacks, actor=person("approver"))
    with pytest.raises(NotFound):
        route(c, django_capture_on_commit_callbacks, actor=person("moderator", "sefton"))
    assert not Handoff.objects.exists() and refresh(c).status == CommentStatus.NEEDS_REVIEW


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"route_name": "housing"}, "route"),
    ({"reason": "offensive"}, "reason_code"),
    ({"reason": ""}, "reason_code"),
    ({"reply": "x" * (MAX_REPLY + 1)}, "reply"),
    ({"reply": 42}, "reply"),
    ({"note": "x" * 2001}, "note"),
])
def test_bad_routing_input_is_refused_with_the_field(kwargs, field, django_capture_on_commit_callbacks):
    c = comment(account(), SERVICE)
    with pytest.raises(BadInput) as err, no_webhook():
        route(c, django_capture_on_commit_callbacks, **kwargs)
    assert err.value.data["field"] == field
    assert not Handoff.objects.exists()


def test_a_removed_or_unchecked_comment_cannot_be_routed(django_capture_on_commit_callbacks):
    removed = comment(account("sefton"), OFFENSIVE)
    decide(comment=removed, actor=person("moderator", "sefton"), action="remove", reason_code="offensive")
    with pytest.raises(InvalidState):
        route(removed, django_capture_on_commit_callbacks, reason="service-request")
    with pytest.raises(InvalidState):
        route(comment(account(), SERVICE, checked=False), django_capture_on_commit_callbacks)
    assert not Handoff.objects.exists()


# ---- the signed webhook --------------------------------------------------------------------------------

def test_the_webhook_is_posted_signed_with_the_handoff(crm, django_capture_on_commit_callbacks):
    c = comment(account(), SERVICE, author="Sam Resident", author_id="fb-42")
    with webhook(crm.url):
        handoff = route(c, django_capture_on_commit_callbacks, note="please call back")
    [(headers, data)] = crm.received
    expected = "sha256=" + hmac.new(SECRET.encode(), data, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-CivicGuard-Signature"], expected)
    assert headers["Content-Type"] == "application/json" and headers["X-CivicGuard-Event"] == "handoff"
    assert headers["X-CivicGuard-Delivery"] == f"st-helens-{handoff.pk}"
    sent = json.loads(data)
    assert sent["event"] == "civicguard.handoff" and sent["id"] == handoff.pk and sent["council"] == "st-helens"
    assert sent["route"] == "contact_centre" and sent["urgent"] is False and sent["note"] == "please call back"
    assert sent["comment"]["text"] == SERVICE and sent["comment"]["author_id"] == "fb-42"
    assert sent["categories"] == ["service_request"]
    assert sent["findings"][0]["category"] == "service_request"
    assert sent["suggested_reply"] == handoff.reply
    deliveries = {d.channel: d for d in Delivery.objects.filter(handoff=handoff)}
    assert set(deliveries) == {"email", "webhook"} and deliveries["webhook"].target == crm.url
    assert {d.status for d in deliveries.values()} == {Delivery.Status.SENT}
    assert len(mail.outbox) == 1


def test_a_signature_made_with_another_secret_does_not_match(crm, django_capture_on_commit_callbacks):
    with webhook(crm.url):
        route(comment(account(), SERVICE), django_capture_on_commit_callbacks)
    [(headers, data)] = crm.received
    wrong = "sha256=" + hmac.new(b"another secret", data, hashlib.sha256).hexdigest()
    assert headers["X-CivicGuard-Signature"] != wrong
    assert headers["X-CivicGuard-Signature"] == routing.sign(data, SECRET)


def test_a_councils_own_webhook_address_wins(crm, django_capture_on_commit_callbacks):
    with override_settings(CIVICGUARD_HANDOFF_WEBHOOK_URL=closed_port_url(),
                           CIVICGUARD_HANDOFF_WEBHOOK_URLS={"st-helens": crm.url},
                           CIVICGUARD_HANDOFF_WEBHOOK_SECRET=SECRET):
        handoff = route(comment(account(), SERVICE), django_capture_on_commit_callbacks)
    assert Delivery.objects.get(handoff=handoff, channel="webhook").target == crm.url
    assert len(crm.received) == 1


def _past(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt=timezone.now() - timedelta(seconds=1))


@pytest.mark.parametrize("failure", ["http-500", "closed-port"])
def test_a_failing_webhook_is_retried_with_back_off_then_given_up(failure, crm,
                                                                   django_capture_on_commit_callbacks):
    crm.answer = 500
    url = crm.url if failure == "http-500" else closed_port_url()
    c = comment(account(), SERVICE)
    with webhook(url, CIVICGUARD_HANDOFF_MAX_ATTEMPTS=3):
        before = timezone.now()
        handoff = route(c, django_capture_on_commit_callbacks)
        hook = Delivery.objects.get(handoff=handoff, channel="webhook")
        email = Delivery.objects.get(handoff=handoff, channel="email")
        # The e-mail went; the webhook failed once and waits the first back-off.
        assert refresh(email).status == Delivery.Status.SENT
        refresh(hook)
        assert (hook.status, hook.attempts) == (Delivery.Status.PENDING, 1)
        assert ("500" in hook.last_error) if failure == "http-500" else ("URLError" in hook.last_error)
        assert before + timedelta(seconds=BACKOFF_FIRST - 1) <= hook.next_attempt
        assert hook.next_attempt <= timezone.now() + timedelta(seconds=BACKOFF_FIRST + 1)
        assert not refresh(handoff).delivered
        # Not due yet: nothing is tried.
        assert routing.deliver(handoff.pk) is False and refresh(hook).attempts == 1
        assert tasks.run_sweep()["handoffs"] == 0
        # Due: the sweep tries it again and the wait doubles.
        _past(hook)
        before = timezone.now()
        assert tasks.run_sweep()["handoffs"] == 1
        refresh(hook)
        assert (hook.status, hook.attempts) == (Delivery.Status.PENDING, 2)
        assert hook.next_attempt >= before + timedelta(seconds=2 * BACKOFF_FIRST - 1)
        assert not AuditEntry.objects.filter(event="moderation.handoff.failed").exists()
        # The third failure is the last.
        _past(hook)
        assert routing.deliver(handoff.pk) is False
        refresh(hook)
        assert (hook.status, hook.attempts, hook.next_attempt) == (Delivery.Status.FAILED, 3, None)
        entry = AuditEntry.objects.get(event="moderation.handoff.failed")
        assert entry.after["channel"] == "webhook" and entry.after["attempts"] == 3 and entry.council == "st-helens"
        assert tasks.run_sweep()["handoffs"] == 0
    if failure == "http-500":
        assert len(crm.received) == 3
    assert len(mail.outbox) == 1
    assert audit_verify()[1] == []


def test_a_later_success_marks_the_delivery_sent(crm, django_capture_on_commit_callbacks):
    crm.answer = 503
    with webhook(crm.url):
        handoff = route(comment(account(), SERVICE), django_capture_on_commit_callbacks)
        hook = Delivery.objects.get(handoff=handoff, channel="webhook")
        assert refresh(hook).status == Delivery.Status.PENDING and "503" in hook.last_error
        crm.answer = 200
        _past(hook)
        assert routing.deliver(handoff.pk) is True
    refresh(hook)
    assert (hook.status, hook.attempts, hook.last_error, hook.next_attempt) == (Delivery.Status.SENT, 2, "", None)
    assert hook.delivered is not None and refresh(handoff).delivered
    assert len(crm.received) == 2 and len(mail.outbox) == 1  # the e-mail is not sent twice


def test_a_moderator_can_reopen_a_failed_delivery(crm, django_capture_on_commit_callbacks):
    crm.answer = 500
    with webhook(crm.url, CIVICGUARD_HANDOFF_MAX_ATTEMPTS=1):
        handoff = route(comment(account(), SERVICE), django_capture_on_commit_callbacks)
        hook = Delivery.objects.get(handoff=handoff, channel="webhook")
        assert refresh(hook).status == Delivery.Status.FAILED
        with pytest.raises(NotAllowed):
            retry_delivery(delivery=hook, actor=person("approver"))
        with pytest.raises(NotFound):
            retry_delivery(delivery=hook, actor=person("moderator", "sefton"))
        assert refresh(hook).status == Delivery.Status.FAILED
        crm.answer = 200
        moderator = person("moderator")
        with django_capture_on_commit_callbacks(execute=True):
            retry_delivery(delivery=hook, actor=moderator)
        assert refresh(hook).status == Delivery.Status.SENT and hook.delivered is not None
    entry = AuditEntry.objects.get(event="moderation.handoff.retry")
    assert entry.actor == moderator.username and entry.after == {"channel": "webhook"}
    assert len(crm.received) == 2


def test_a_delivery_that_has_not_failed_is_not_reopened(django_capture_on_commit_callbacks):
    with no_webhook():
        handoff = route(comment(account(), SERVICE), django_capture_on_commit_callbacks)
    email = Delivery.objects.get(handoff=handoff)
    assert email.status == Delivery.Status.SENT
    with pytest.raises(InvalidState), django_capture_on_commit_callbacks(execute=True):
        retry_delivery(delivery=email, actor=person("moderator"))
    assert refresh(email).status == Delivery.Status.SENT and len(mail.outbox) == 1


def test_a_delivery_being_sent_or_not_due_is_not_sent_again(crm, monkeypatch, django_capture_on_commit_callbacks):
    """The sweep and a task's own retry can reach the same delivery: only one of them sends it."""
    crm.answer = 500
    with webhook(crm.url):
        handoff = route(comment(account(), SERVICE), django_capture_on_commit_callbacks)
        hook = Delivery.objects.get(handoff=handoff, channel="webhook")
        assert refresh(hook).attempts == 1 and len(crm.received) == 1
        crm.answer = 200
        # Waiting for its back-off (or held by a worker sending it): a direct attempt does nothing.
        assert routing.attempt(hook.pk) is False
        assert refresh(hook).attempts == 1 and len(crm.received) == 1
        # While an attempt is in flight its delivery is held for the lease, then free again.
        _past(hook)
        claimed: list[Any] = []
        real = routing._SENDERS[Delivery.Channel.WEBHOOK]

        def sending(h: Handoff, d: Delivery) -> None:
            claimed.append(Delivery.objects.get(pk=d.pk).next_attempt)
            assert routing.attempt(d.pk) is False  # a second worker finds it taken
            real(h, d)

        monkeypatch.setitem(routing._SENDERS, Delivery.Channel.WEBHOOK, sending)
        assert routing.attempt(hook.pk) is True
    assert claimed[0] > timezone.now() + timedelta(seconds=routing.LEASE - 10)
    assert refresh(hook).status == Delivery.Status.SENT and hook.attempts == 2 and len(crm.received) == 2


def test_a_comment_whose_removal_waits_is_not_routed_past_the_second_person(django_capture_on_commit_callbacks):
    c = comment(account(), OFFENSIVE)
    decide(comment=c, actor=person("moderator"), action="remove", reason_code="offensive")
    with pytest.raises(InvalidState) as err, no_webhook():
        route(c, django_capture_on_commit_callbacks, reason="service-request")
    assert err.value.message.startswith("A removal is waiting for a second person: confirm or refuse it first")
    assert refresh(c).status == CommentStatus.REMOVAL_PENDING and not Handoff.objects.exists()
