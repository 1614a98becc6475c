"""Your saved checks: a person's kept personal checks, theirs alone, each openable and deletable."""

import pytest
from django.urls import reverse

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.posts import services
from civicguard.apps.posts.models import KeptCheck
from civicguard.errors import NotFound
from tests.apps.factories import council, person

PII = "Well done to Derek Ainsworth (DOB 02/03/1951) of 12 Kiln Lane, WA10 1AB!"
CLEAN = "Lovely walk round Sherdley Park this morning."


def _kept(user, text):
    _, kept = services.personal_check(actor=user, council=council("st-helens"), text=text, keep=True)
    return kept


def test_the_list_shows_only_my_checks_newest_first_with_verdict_and_findings(client):
    me, colleague = person("employee"), person("employee")
    _kept(me, CLEAN)
    _kept(me, PII)
    _kept(colleague, "My colleague's own words about Sherdley Park.")
    client.force_login(me)
    page = client.get(reverse("posts:kept_checks")).content.decode()
    assert page.index("Derek Ainsworth") < page.index("Lovely walk") and "colleague" not in page
    assert "Blocked" in page and "Passed" in page and "personal information" in page.lower()


def test_a_saved_check_opens_with_its_findings_highlighted(client):
    me = person("employee")
    kept = _kept(me, PII)
    client.force_login(me)
    page = client.get(reverse("posts:kept_check", args=[kept.pk])).content.decode()
    assert "<mark" in page and "How to fix it" in page


def test_someone_elses_saved_check_is_not_found(client):
    kept = _kept(person("employee"), PII)
    client.force_login(person("img"))
    assert client.get(reverse("posts:kept_check", args=[kept.pk])).status_code == 404
    assert client.post(reverse("posts:kept_check_delete", args=[kept.pk])).status_code == 404
    assert KeptCheck.objects.filter(pk=kept.pk).exists()


def test_the_owner_deletes_it_and_the_audit_trail_keeps_no_text(client):
    me = person("employee")
    kept = _kept(me, PII)
    client.force_login(me)
    response = client.post(reverse("posts:kept_check_delete", args=[kept.pk]))
    assert response.status_code == 302 and not KeptCheck.objects.exists()
    entry = AuditEntry.objects.get(event="posts.kept_check.delete")
    assert entry.actor == me.username and entry.before["verdict"] == "block"
    assert "Derek" not in str(entry.before) + str(entry.after)
    assert "Your saved check has been deleted." in client.get(response["Location"]).content.decode()


def test_the_service_refuses_anyone_but_the_owner():
    kept = _kept(person("employee"), CLEAN)
    with pytest.raises(NotFound):
        services.kept_check_delete(kept=kept, actor=person("employee"))


def test_keeping_a_check_leads_to_your_saved_checks(client):
    client.force_login(person("employee"))
    page = client.post(reverse("posts:personal_check"), {"text": CLEAN, "keep": "yes"}).content.decode()
    assert reverse("posts:kept_checks") in page and "We kept this check" in page
    assert reverse("posts:kept_checks") in client.get(reverse("dashboard:home")).content.decode()
