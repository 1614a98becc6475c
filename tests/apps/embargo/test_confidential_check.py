"""End to end: a post quoting a registered document is stopped while the embargo is in force, and not after."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civicguard.apps.embargo.services import embargo_register, embargo_withdraw
from civicguard.apps.posts.services import content_check
from tests.apps.embargo.files import REPORT, text_pdf
from tests.apps.factories import person

# Nine words straight from the report: a verbatim run of eight or more is a leak whatever else the post says.
POST = ("Big news for Parr! The council proposes to close the Parr leisure centre on 31 March. "
        "More soon, folks.")


def embargo_findings(result):
    return [f for f in result.findings if f.category == "confidential" and "embargoed document" in f.message]


@pytest.fixture
def registered(st_helens):
    tomorrow = timezone.localdate() + timedelta(days=1)
    return embargo_register(actor=person("approver"), council=st_helens, title="Leisure services review",
                            until=tomorrow, upload_name="cabinet.pdf", upload_data=text_pdf(*REPORT))


def test_a_post_quoting_a_registered_document_is_blocked_while_the_embargo_is_in_force(st_helens, registered):
    result = content_check(council=st_helens, channel="official", text=POST)
    [finding] = embargo_findings(result)
    assert result.verdict == "block" and finding.severity.value == "block"
    assert "Leisure services review" in finding.message
    assert "close the Parr leisure centre on 31 March" in finding.text


def test_the_same_post_passes_once_the_embargo_date_arrives(st_helens, registered, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: registered.until)
    assert embargo_findings(content_check(council=st_helens, channel="official", text=POST)) == []


def test_a_withdrawn_document_no_longer_stops_posts(st_helens, registered):
    embargo_withdraw(actor=registered.registered_by, document=registered)
    assert embargo_findings(content_check(council=st_helens, channel="official", text=POST)) == []


def test_a_post_unrelated_to_the_document_is_not_flagged(st_helens, registered):
    result = content_check(council=st_helens, channel="official",
                           text="Our libraries are open as usual this weekend. Come and borrow a book!")
    assert embargo_findings(result) == []


def test_another_councils_register_does_not_apply(sefton, registered):
    assert embargo_findings(content_check(council=sefton, channel="official", text=POST)) == []


def test_the_engine_itself_ignores_a_document_whose_date_has_come(st_helens, registered):
    from civicguard.apps.embargo.services import embargoes_in_force
    from civicguard.engine import check
    from civicguard.engine.model import Content, Context

    in_force = embargoes_in_force(council=st_helens)  # as read today, while the embargo holds

    def run(day):
        return check(Content(text=POST), Context(council="st-helens", channel="official", embargoed=in_force,
                                                 today=day))

    assert embargo_findings(run(registered.until - timedelta(days=1)))
    assert embargo_findings(run(registered.until)) == []
