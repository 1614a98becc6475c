"""Who reads breach records (access/confidential.py, the one place): the pack's DPO role and Legal, and whoever
opened the record; everyone else is told it does not exist (404). Every read is logged; the pack's DPO role can
always decide on the records it reads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from civicguard.apps.access.capabilities import roles_holding
from civicguard.apps.access.confidential import breach_readers
from civicguard.apps.access.models import ConfidentialRead
from civicguard.engine.packs.loader import pack_for, shipped_pack_ids
from tests.apps.breaches.factories import assessed, breach
from tests.apps.factories import council

PAGES = ["breaches:detail", "breaches:assess", "breaches:ico", "breaches:people", "breaches:notices"]


@pytest.mark.parametrize("slug", sorted(shipped_pack_ids()))
def test_each_packs_dpo_role_may_decide_on_what_it_reads(slug, db):
    assert pack_for(slug).facts.breaches.dpo_role in roles_holding("breaches.manage")
    assert breach_readers(council(slug)) <= roles_holding("breaches.manage")


def test_every_page_of_a_record_is_not_found_for_those_who_may_not_read_it(cast, client):
    found = assessed(cast["legal"], breach(cast["moderator"]))
    for outsider in ("moderator2", "caldicott-guardian", "computer-auditor", "approver"):
        client.force_login(cast[outsider])
        assert client.get(reverse("breaches:detail", args=[found.pk])).status_code == 404, outsider
    client.force_login(cast["sefton-legal"])
    for name in PAGES:
        assert client.get(reverse(name, args=[found.pk])).status_code == 404, name
    assert not ConfidentialRead.objects.exists()


def test_every_read_is_logged_with_who_what_and_how(cast, client):
    found = assessed(cast["legal"], breach(cast["moderator"]))
    client.force_login(cast["legal"])
    for name in PAGES:
        assert client.get(reverse(name, args=[found.pk])).status_code == 200, name
    client.get(reverse("breaches:list"))
    reads = list(ConfidentialRead.objects.filter(reader=cast["legal"], kind="breach").order_by("id"))
    assert len(reads) == len(PAGES) + 1
    assert all(r.via == "page" and r.council == found.council for r in reads)
    assert [r.object_id for r in reads] == [found.pk] * len(PAGES) + [None]
    assert "assessment form" in reads[1].what


def test_the_opener_reads_their_record_and_the_reads_are_logged(cast, client):
    found = breach(cast["moderator"])
    client.force_login(cast["moderator"])
    assert client.get(reverse("breaches:detail", args=[found.pk])).status_code == 200
    assert ConfidentialRead.objects.filter(reader=cast["moderator"], object_id=found.pk).count() == 1


def test_an_empty_list_logs_nothing(cast, client):
    client.force_login(cast["caldicott-guardian"])
    assert client.get(reverse("breaches:list")).status_code == 200
    assert not ConfidentialRead.objects.exists()


def test_the_general_audit_browser_shows_only_that_a_record_changed(cast, client):
    breach(cast["moderator"], what="Quillfeather tenant's letter to the wrong house")
    client.force_login(cast["img"])
    page = client.get(reverse("audit:list")).content.decode()
    assert "Personal data breach record opened" in page
    assert "Quillfeather" not in page and "wrong house" not in page
