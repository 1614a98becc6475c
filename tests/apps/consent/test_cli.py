"""`civicguard consent expire|export`."""

from __future__ import annotations

from datetime import timedelta

from click.testing import CliRunner
from django.utils import timezone

from civicguard.apps.consent.models import ConsentRecord, TakedownTask
from civicguard.apps.consent.services import tag_add
from civicguard.cli.consent import consent
from tests.apps.consent.conftest import image, published_post, record


def run(*args):
    return CliRunner().invoke(consent, list(args))


def test_expire_raises_the_takedowns_of_consents_past_their_last_day(cast):
    found = record(cast["legal"])
    item = image(cast["representative"])
    tag_add(actor=cast["representative"], media_item=item, name="Alex Resident", consent=found)
    published_post(item, cast["representative"])
    ConsentRecord.objects.filter(pk=found.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    result = run("expire")
    assert result.exit_code == 0 and result.output == "1 consent ended, 1 takedown task raised\n"
    assert TakedownTask.objects.get().reason == "expired"
    assert run("expire").output == "0 consents ended, 0 takedown tasks raised\n"


def test_export_writes_the_register_and_refuses_those_without_the_role(cast):
    record(cast["legal"])
    result = run("export", "--as", cast["legal"].username, "--council", "sefton")
    assert result.exit_code == 0 and result.output.splitlines()[0].startswith("id,person,name")
    assert "Alex Resident" in result.output
    refused = run("export", "--as", cast["employee"].username, "--council", "sefton")
    assert refused.exit_code == 2
