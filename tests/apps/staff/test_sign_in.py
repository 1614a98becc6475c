"""Signing in: a failure is audited under the person's council, and repeated failures lock the username."""

from django.urls import reverse

from civicguard.apps.audit.models import AuditEntry
from tests.apps.factories import PASSWORD, person


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_failed_sign_in_is_in_the_audit_trail_of_that_persons_council(client):
    user = person("moderator", "sefton")
    _sign_in(client, user.username, "wrong-password")
    entry = AuditEntry.objects.get(event="staff.login.fail")
    assert entry.council == "sefton" and entry.after["username"] == user.username and entry.actor == ""


def test_five_failures_lock_the_username_even_with_the_right_password(client, settings):
    settings.CIVICGUARD_LOGIN_MAX_FAILURES = 5
    user = person("employee")
    for _ in range(5):
        _sign_in(client, user.username, "wrong-password")
    response = _sign_in(client, user.username, PASSWORD)
    assert response.status_code == 200 and "Too many failed attempts" in response.content.decode()


def test_the_right_password_signs_in(client):
    user = person("employee")
    assert _sign_in(client, user.username, PASSWORD).status_code == 302
