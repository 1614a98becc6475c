"""The post review services: each state change, its permission check and its audit row."""

import pytest

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.posts import services
from civicguard.apps.posts.models import OutboxEntry
from civicguard.apps.staff.services import role_assign
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound
from tests.apps.factories import AccountFactory, person

CLEAN = "The library on Victoria Square opens at 9am on Saturday."
PII = "Call Mrs Joan Hughes on 07700 900123 about her housing application."
WARN_ONLY = "We're proud of our gritting teams. Unlike the useless lot next door!"


def _submitted(text=CLEAN):
    account = AccountFactory()
    author = person("representative", account=account)
    post = services.post_create(actor=author, account=account, text=text)
    services.post_submit(post=post, actor=author)
    return post, author


def test_only_a_representative_for_the_account_may_draft():
    account, other = AccountFactory(), AccountFactory()
    with pytest.raises(NotAllowed):
        services.post_create(actor=person("representative", account=other), account=account, text=CLEAN)
    with pytest.raises(NotAllowed):
        services.post_create(actor=person("approver"), account=account, text=CLEAN)
    with pytest.raises(NotFound):
        services.post_create(actor=person("representative", "sefton"), account=account, text=CLEAN)


@pytest.mark.parametrize("text", ["", "   ", "x" * (services.MAX_TEXT + 1), 42])
def test_bad_text_is_refused_with_a_reason(text):
    account = AccountFactory()
    with pytest.raises(BadInput) as err:
        services.post_create(actor=person("representative", account=account), account=account, text=text)
    assert err.value.data["field"] == "text"


def test_a_check_is_stored_and_audited_with_its_verdict():
    account = AccountFactory()
    author = person("representative", account=account)
    post = services.post_create(actor=author, account=account, text=PII)
    run = services.post_check(post=post, actor=author)
    assert run.verdict == "block" and any(f["category"] == "personal_data" for f in run.result["findings"])
    entry = AuditEntry.objects.filter(event="posts.post.check").last()
    assert entry.after["verdict"] == "block" and entry.actor == author.username


def test_editing_makes_the_old_check_stale_and_submit_checks_again():
    account = AccountFactory()
    author = person("representative", account=account)
    post = services.post_create(actor=author, account=account, text=PII)
    services.post_check(post=post, actor=author)
    services.post_update(post=post, actor=author, text=CLEAN)
    assert post.current_check is None
    services.post_submit(post=post, actor=author)
    assert post.current_check.verdict == "pass" and post.status == "submitted"


def test_a_submitted_post_cannot_be_edited():
    post, author = _submitted()
    with pytest.raises(InvalidState):
        services.post_update(post=post, actor=author, text="changed")


def test_approval_by_another_approver_fills_the_outbox_with_check_and_approvals():
    post, _ = _submitted()
    approval = services.post_decide(post=post, actor=person("approver"), decision="approve")
    payload = OutboxEntry.objects.get(post=post).payload
    assert approval.verdict == "pass" and payload["check"]["verdict"] == "pass"
    assert payload["approvals"][0]["decision"] == "approve" and payload["post"]["text"] == CLEAN


def test_the_author_cannot_approve_their_own_post():
    post, author = _submitted()
    role_assign(user=author, council=post.council, role="approver")
    with pytest.raises(NotAllowed):
        services.post_decide(post=post, actor=author, decision="approve")


def test_return_needs_a_comment_and_sends_the_post_back_for_editing():
    post, author = _submitted()
    approver = person("approver")
    with pytest.raises(BadInput):
        services.post_decide(post=post, actor=approver, decision="return")
    services.post_decide(post=post, actor=approver, decision="return", comment="Add the opening hours")
    post.refresh_from_db()
    assert post.status == "returned" and post.is_editable


def test_a_block_is_overridden_only_by_the_role_the_pack_names_with_a_justification():
    post, _ = _submitted(PII)
    approver = person("approver")
    with pytest.raises(InvalidState):
        services.post_decide(post=post, actor=approver, decision="approve")
    with pytest.raises(BadInput):
        services.post_decide(post=post, actor=approver, decision="override")
    assert services.block_override_role(post.council) == "approver"
    services.post_decide(post=post, actor=approver, decision="override", justification="Consent on file, ref C-19")
    entry = AuditEntry.objects.filter(event="posts.post.override_request").get()
    assert entry.after["justification"] == "Consent on file, ref C-19" and entry.after["verdict"] == "block"
    assert post.status == "override_requested" and not OutboxEntry.objects.exists()


def test_an_approver_of_another_council_cannot_decide():
    post, _ = _submitted()
    with pytest.raises(NotFound):
        services.post_decide(post=post, actor=person("approver", "sefton"), decision="approve")


def test_a_broken_image_is_refused_and_a_real_one_kept():
    import io

    from PIL import Image

    account = AccountFactory()
    author = person("representative", account=account)
    post = services.post_create(actor=author, account=account, text=CLEAN)
    with pytest.raises(BadInput):
        services.image_add(post=post, actor=author, name="x.png", data=b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(BadInput):
        services.image_add(post=post, actor=author, name="x.jpg", data=b"<script>alert(1)</script>")
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, "PNG")
    image = services.image_add(post=post, actor=author, name="../../etc/passwd.png", data=buf.getvalue(),
                               tagged_people="Joan Hughes")
    # Kept privately as a media item (its name is shown only, never used as a path).
    assert image.media.original_name == "passwd.png" and image.media.clean_path.endswith(".png")
    assert ".." not in image.media.clean_path and not image.image


def test_personal_check_leaves_no_trace_unless_kept():
    employee = person("employee")
    council = employee.role_assignments.get().council
    before = AuditEntry.objects.count()
    result, kept = services.personal_check(actor=employee, council=council, text=PII)
    assert result.verdict != "pass" and kept is None and AuditEntry.objects.count() == before
