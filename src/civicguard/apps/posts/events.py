"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py).

Every approver's decision writes the event services.EVENTS names for it (one per `models.Decision`), so each has a
name here; tests/apps/audit/test_labels.py checks it.
"""

from civicguard.apps.posts.models import Decision, PostStatus

AREA = "Official posts"

EVENT_LABELS: dict[str, str] = {
    "posts.post.create": "Post drafted",
    "posts.post.image_add": "Image added to a post",
    "posts.post.image_remove": "Image taken off a post",
    "posts.post.update": "Post edited",
    "posts.post.check": "Post checked",
    "posts.post.submit": "Post sent for approval",
    # An approver's decision: posts.post.<Decision>
    "posts.post.approve": "Post approved",
    "posts.post.return": "Post returned to its author",
    "posts.post.override": "Approved with an override",
    "posts.post.override_request": "Override asked for: a second person must confirm it",
    "posts.post.override_confirm": "Override confirmed by a second person",
    "posts.post.override_refuse": "Override refused by a second person",
    "posts.outbox.add": "Post put in the outbox to be published",
    "posts.check.official": "Official post checked without saving",
    "posts.kept_check.delete": "Saved personal check deleted",
}

OBJECT_NAMES: dict[str, str] = {
    "posts.post": "Post",
    "posts.outboxentry": "Outbox entry",
    "posts.keptcheck": "Saved personal check",
}

OBJECT_PAGES: dict[str, str] = {
    "posts.post": "posts:detail",
    "posts.outboxentry": "posts:outbox",
}

FIELD_LABELS: dict[str, str] = {
    "status": "Status",
    "text": "Text",
    "links": "Links",
    "account": "Account",
    "verdict": "Check result",
    "decision": "Decision",
    "policy_version": "Policy version",
    "rules": "Rules that found something",
    "comment": "Comment",
    "justification": "Justification",
    "image": "Image file",
    "media": "Image number",
    "tagged_people": "People in the image",
    "post": "Post number",
    "overridden": "Marked as overridden",
    "requested_by": "Override asked for by",
    "created": "Saved on",
}

VALUE_LABELS = {
    "status": dict(PostStatus.choices),
    "decision": dict(Decision.choices),
}
