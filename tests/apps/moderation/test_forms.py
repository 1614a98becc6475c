"""The moderator's forms as a person meets them: a problem is said beside the field it is about and linked from
the error summary, what was typed is still there, and two forms on one page never share an id."""

from __future__ import annotations

from collections import Counter

import lxml.html
import pytest
from django.urls import reverse

from civicguard.apps.moderation.models import CommentStatus, DeadLetter, Handoff, ModerationDecision
from civicguard.apps.moderation.services.routing import MAX_REPLY
from tests.apps.factories import council, person
from tests.apps.moderation.test_views import COMPLAINT, OFFENSIVE, SAFEGUARDING, edit, load, moderator, sth_account
from tests.common.test_forms import select

__all__ = ["edit", "load", "moderator", "sth_account"]  # fixtures


def _tree(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content)


def _duplicate_ids(tree: lxml.html.HtmlElement) -> list[str]:
    return [i for i, n in Counter(e.get("id") for e in tree.xpath("//*[@id]")).items() if n > 1]


def _summary(tree: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    return [(a.get("href"), a.text_content()) for a in select(tree, ".govuk-error-summary__list a")]


def _group_error(tree: lxml.html.HtmlElement, control_id: str) -> str:
    """The error message in the form group holding the control (or the fieldset holding the radio)."""
    control = tree.get_element_by_id(control_id)
    group = control.xpath("ancestor::div[contains(@class, 'govuk-form-group')][last()]")[0]
    assert "govuk-form-group--error" in group.get("class")
    return select(group, ".govuk-error-message")[0].text_content().removeprefix("Error:").strip()


def test_every_id_on_the_comment_page_is_unique_with_its_decide_and_route_forms(client, moderator, load,
                                                                                 sth_account):
    (comment,) = load(sth_account, COMPLAINT)
    tree = _tree(client.get(reverse("moderation:detail", args=[comment.pk])))
    assert _duplicate_ids(tree) == []
    # Each form's note has its own id, and both post as "note".
    assert [(t.get("id"), t.get("name")) for t in select(tree, "textarea")] == [
        ("note", "note"), ("reply", "reply"), ("route_note", "note")]
    assert [i.get("id") for i in select(tree, "input[type=radio]")] == [
        "action", "action-hide", "action-remove", "action-escalate"]
    assert select(tree, "label[for=route_note]")[0].text_content() == "Note for the team (optional)"
    # What the page's script reads: each action, each reason's actions, each route's reply.
    assert all(r.get("data-cg-action") is not None for r in select(tree, "input[name=action]"))
    offensive = select(tree, "#reason_code option[value=offensive]")[0]
    assert "hide" in offensive.get("data-actions").split() and "approve" not in offensive.get("data-actions")
    assert "Contact Centre" in select(tree, "#route option[value=contact_centre]")[0].get("data-reply")


def test_every_id_on_a_waiting_removal_is_unique_for_the_second_moderator(client, moderator, load, sth_account):
    (comment,) = load(sth_account, OFFENSIVE)
    client.post(reverse("moderation:decide", args=[comment.pk]), {"action": "remove", "reason_code": "offensive"})
    client.force_login(person("moderator", "st-helens"))
    tree = _tree(client.get(reverse("moderation:detail", args=[comment.pk])))
    assert select(tree, "textarea#removal_note[name=note]") and _duplicate_ids(tree) == []


def test_every_id_on_the_queue_is_unique_with_its_filters_and_bulk_forms(client, moderator, load, sth_account):
    load(sth_account, OFFENSIVE, COMPLAINT)
    tree = _tree(client.get(reverse("moderation:queue"), {"category": "offensive"}))
    assert _duplicate_ids(tree) == []
    assert select(tree, "#category option[selected]")[0].get("value") == "offensive"
    assert select(tree, "form[data-testid=bulk] input[name=next]")[0].get("value") == (
        reverse("moderation:queue") + "?category=offensive")


def test_a_decision_refused_keeps_what_was_typed_and_says_why_beside_the_reason(client, moderator, load,
                                                                               sth_account):
    (comment,) = load(sth_account, OFFENSIVE)
    response = client.post(reverse("moderation:decide", args=[comment.pk]),
                           {"action": "hide", "note": "Abusive <b>language</b>", "edits": "0"})
    tree = _tree(response)
    assert response.status_code == 400 and tree.findtext(".//title").startswith("Error: ")
    assert _summary(tree) == [("#reason_code", "Choose a reason for your decision")]
    assert _group_error(tree, "reason_code") == "Choose a reason for your decision"
    assert tree.get_element_by_id("action-hide").get("checked") is not None
    assert tree.get_element_by_id("note").text.strip() == "Abusive <b>language</b>"  # kept, and escaped
    assert b"Abusive &lt;b&gt;language&lt;/b&gt;" in response.content


def test_no_action_chosen_links_to_the_first_radio(client, moderator, load, sth_account):
    (comment,) = load(sth_account, OFFENSIVE)
    tree = _tree(client.post(reverse("moderation:decide", args=[comment.pk]), {"reason_code": "offensive"}))
    assert _summary(tree) == [("#action", "Choose what to do with the comment")]
    assert _group_error(tree, "action") == "Choose what to do with the comment"
    assert select(tree, "#reason_code option[selected]")[0].get("value") == "offensive"


def test_a_comment_edited_meanwhile_is_said_at_the_actions_and_the_page_is_ready_to_decide_again(
        client, moderator, load, sth_account, edit):
    (comment,) = load(sth_account, COMPLAINT)
    edit(comment, COMPLAINT + " Still nothing.")
    response = client.post(reverse("moderation:decide", args=[comment.pk]),
                           {"action": "approve", "reason_code": "complies", "note": "fine", "edits": "0"})
    tree = _tree(response)
    assert response.status_code == 409
    ((anchor, message),) = _summary(tree)
    assert anchor == "#actions" and f"edited comment {comment.pk} after you opened it" in message
    actions = tree.get_element_by_id("actions")
    assert message in select(actions, ".govuk-error-message")[0].text_content()
    # The decision's form now carries the edit count of the text on the page: sending it again works.
    assert [i.get("value") for i in select(tree, "input[name=edits]")] == ["1", "1"]
    assert tree.get_element_by_id("note").text.strip() == "fine"
    again = {i.get("name"): i.get("value") for i in select(tree, "form[data-cg-action-form] input[type=hidden]")}
    assert client.post(reverse("moderation:decide", args=[comment.pk]), {
        **again, "action": "approve", "reason_code": "complies"}).status_code == 302


def test_a_reply_too_long_is_said_beside_it_and_kept_with_the_team_chosen(client, moderator, load, sth_account):
    (comment,) = load(sth_account, COMPLAINT)
    reply = "Please ring us. " * (MAX_REPLY // 10)
    response = client.post(reverse("moderation:route", args=[comment.pk]), {
        "route": "press_office", "reason_code": "service-request", "reply": reply, "note": "for the press"})
    tree = _tree(response)
    assert response.status_code == 400 and not Handoff.objects.exists()
    assert _summary(tree) == [("#reply", f"The suggested reply must be {MAX_REPLY} characters or fewer")]
    assert _group_error(tree, "reply").startswith("The suggested reply must be")
    assert tree.get_element_by_id("reply").text.strip() == reply.strip()
    assert select(tree, "#route option[selected]")[0].get("value") == "press_office"
    assert tree.get_element_by_id("route_note").text.strip() == "for the press"
    assert tree.get_element_by_id("note").text.strip() == ""  # the decision's note is not the route's


def test_a_route_reason_refused_is_said_beside_the_route_reason(client, moderator, load, sth_account):
    (comment,) = load(sth_account, COMPLAINT)
    tree = _tree(client.post(reverse("moderation:route", args=[comment.pk]), {"route": "contact_centre"}))
    assert _summary(tree) == [("#route_reason_code", "Choose a reason for your decision")]
    assert _group_error(tree, "route_reason_code") == "Choose a reason for your decision"


def test_check_reply_on_an_empty_reply_checks_and_shows_the_teams_standard_reply(client, moderator, load,
                                                                                 sth_account):
    (comment,) = load(sth_account, COMPLAINT)
    response = client.post(reverse("moderation:route", args=[comment.pk]), {
        "route": "contact_centre", "reason_code": "service-request", "reply": "", "check_reply": "1"})
    tree = _tree(response)
    assert response.status_code == 200 and select(tree, "[data-testid=reply-check]")
    assert "Contact Centre" in tree.get_element_by_id("reply").text and _summary(tree) == []


def test_hide_too_unanswered_keeps_the_reason_and_note(client, moderator, load, sth_account):
    (comment,) = load(sth_account, SAFEGUARDING)
    client.post(reverse("moderation:route", args=[comment.pk]), {"route": "safeguarding",
                                                                 "reason_code": "safeguarding"})
    response = client.post(reverse("moderation:hide_too", args=[comment.pk]),
                           {"reason_code": "safeguarding", "note": "hide while they act"})
    tree = _tree(response)
    assert response.status_code == 400
    assert _group_error(tree, "hide") == "Select yes if you want to hide the comment too"
    assert select(tree, "h1.govuk-fieldset__heading")[0].text == f"Do you want to hide comment {comment.pk} too?"
    assert tree.get_element_by_id("hide_note").text.strip() == "hide while they act"
    assert select(tree, "#hide_reason option[selected]")[0].get("value") == "safeguarding"
    assert [i.get("id") for i in select(tree, "input[type=radio]")] == ["hide", "hide-no"]
    comment.refresh_from_db()
    assert comment.status == CommentStatus.ROUTED


def test_bulk_refused_keeps_the_action_note_and_chosen_comments(client, moderator, load, sth_account):
    first, second = load(sth_account, OFFENSIVE, COMPLAINT)
    response = client.post(reverse("moderation:bulk"), {"ids": [first.pk, second.pk], "action": "hide",
                                                         "note": "both abusive"})
    tree = _tree(response)
    assert response.status_code == 400 and not ModerationDecision.objects.exists()
    assert _summary(tree) == [("#reason_code", "Choose a reason for your decision")]
    assert select(tree, "#action option[selected]")[0].get("value") == "hide"
    assert tree.get_element_by_id("note").text.strip() == "both abusive"
    assert {b.get("value") for b in select(tree, "input[name=ids][checked]")} == {str(first.pk), str(second.pk)}
    nothing = _tree(client.post(reverse("moderation:bulk"), {"reason_code": "offensive"}))
    assert _summary(nothing) == [("#comments", "Choose at least one comment"),
                                 ("#action", "Choose what to do with the comments")]


def test_a_removal_note_too_long_is_said_beside_it(client, moderator, load, sth_account):
    (comment,) = load(sth_account, OFFENSIVE)
    client.post(reverse("moderation:decide", args=[comment.pk]), {"action": "remove", "reason_code": "offensive"})
    client.force_login(person("moderator", "st-helens"))
    response = client.post(reverse("moderation:removal", args=[comment.pk]),
                           {"action": "confirm_removal", "note": "x" * 2001})
    tree = _tree(response)
    assert response.status_code == 400 and _summary(tree) == [("#removal_note",
                                                                "The note must be 2000 characters or fewer")]
    assert _group_error(tree, "removal_note") == "The note must be 2000 characters or fewer"
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REMOVAL_PENDING


def test_the_queue_filter_says_which_filter_is_wrong(client, moderator, load, sth_account):
    response = client.get(reverse("moderation:queue"), {"severity": "dreadful", "category": "offensive"})
    tree = _tree(response)
    assert response.status_code == 400
    assert _summary(tree) == [("#severity", "Choose a severity from the list: block, warn or info")]
    assert _group_error(tree, "severity").startswith("Choose a severity")
    assert select(tree, "#category option[selected]")[0].get("value") == "offensive"


def test_dead_letter_resolution_refused_is_said_beside_it(client):
    client.force_login(person("moderator", "st-helens"))
    letter = DeadLetter.objects.create(council=council("st-helens"), source="meta", reason="bad signature",
                                       body="{}")
    response = client.post(reverse("moderation:dead_letter_resolve", args=[letter.pk]), {"resolution": " "})
    tree = _tree(response)
    assert response.status_code == 400
    assert _summary(tree) == [("#resolution", "Say in up to 500 characters how it was dealt with")]
    assert _group_error(tree, "resolution") == "Say in up to 500 characters how it was dealt with"
    client.post(reverse("moderation:dead_letter_resolve", args=[letter.pk]), {"resolution": "spam"})
    again = _tree(client.post(reverse("moderation:dead_letter_resolve", args=[letter.pk]), {"resolution": "x"}))
    assert _summary(again) == [("#letter-actions", "This dead letter has already been dealt with")]


@pytest.mark.parametrize(("query", "anchor", "message"), [
    ({"since-day": "31", "since-month": "2", "since-year": "2025"}, "#since-day", "Date from must be a real date"),
    ({"until-day": "1", "until-month": "", "until-year": "2025"}, "#until-month",
     "Date to must include a month"),
    ({"since": "2025-03-02", "until": "2025-03-01"}, "#until-day", "The end date is before the start date"),
    ({"subject": "x" * 201}, "#subject", "The platform id must be 200 characters or fewer"),
    ({"format": "xml"}, "#format", "Choose CSV or JSON"),
])
def test_export_problems_are_said_beside_the_field_with_the_rest_kept(client, query, anchor, message):
    client.force_login(person("legal", "st-helens"))
    response = client.get(reverse("moderation:export"), {"download": "1", "redact": "yes", **query})
    tree = _tree(response)
    assert response.status_code == 400 and _summary(tree) == [(anchor, message)]
    assert tree.get_element_by_id("redact").get("checked") is not None
    checked = [r.get("value") for r in select(tree, "input[name=format][checked]")]
    assert checked == ([] if "format" in query else ["csv"])  # a link without a format: CSV, as offered first
    for name, value in query.items():
        if "-" in name and value:
            assert tree.get_element_by_id(name).get("value") == value


def test_export_page_starts_with_csv_chosen_and_takes_iso_dates(client, load, sth_account):
    load(sth_account, COMPLAINT)
    client.force_login(person("legal", "st-helens"))
    tree = _tree(client.get(reverse("moderation:export")))
    assert tree.get_element_by_id("format").get("checked") is not None and _duplicate_ids(tree) == []
    assert select(tree, "input[name=download]")[0].get("value") == "1"
    response = client.get(reverse("moderation:export"), {"download": "1", "since": "2025-03-15",
                                                         "until": "2025-03-15"})
    assert response.status_code == 200 and COMPLAINT in b"".join(response.streaming_content).decode()
