"""The shapes of the moderation API: what each endpoint accepts (type and size only; the rules are in the services)
and what it answers (documented here for the OpenAPI schema).

Output fields that hold a status, an action or a channel are plain strings in the schema (the values are in
their help text): enums of the same name already exist for posts, and two choice sets under one name would
give the schema ambiguous enum names.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicguard.apps.moderation.connectors import SOURCES
from civicguard.apps.moderation.models import (
    Action,
    Comment,
    CommentCheck,
    CommentRevision,
    CommentStatus,
    DeadLetter,
    Delivery,
    Handoff,
    ModerationDecision,
    Route,
)
from civicguard.apps.moderation.selectors import AGES
from civicguard.apps.moderation.services.decisions import MAX_NOTE
from civicguard.apps.moderation.services.routing import MAX_REPLY
from civicguard.apps.posts.serializers import (
    MAX_ID,
    AccountSummarySerializer,
    CheckResultSerializer,
    FindingSerializer,
    StrictCharField,
)
from civicguard.engine import CATEGORIES

STATUSES = ", ".join(CommentStatus.values)
QUEUE = "needs_review, escalated, removal_pending"
# The actions a person may take through POST .../decisions (route has its own endpoint; clear is the system's).
DECIDE_ACTIONS = [Action.APPROVE, Action.HIDE, Action.REMOVE, Action.ESCALATE, Action.CONFIRM_REMOVAL,
                  Action.REFUSE_REMOVAL, Action.REOPEN]


# ---- input ------------------------------------------------------------------------------------------------

class CommentFilterSerializer(serializers.Serializer):
    """The comment list's query: the moderation queue's filters (civicguard.apps.moderation.selectors)."""

    council = serializers.SlugField(
        required=False, max_length=50,
        help_text="one of your councils (default: every council whose comments you may see)")
    status = serializers.ChoiceField(
        choices=["queue", "all", *CommentStatus.values], required=False,
        help_text=f"a status ({STATUSES}), `queue` for the three that need a person ({QUEUE}), or `all` (the default)")
    category = serializers.ChoiceField(choices=sorted(CATEGORIES), required=False,
                                       help_text="comments with a finding of this category")
    account = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                       help_text="a social account's id")
    severity = serializers.ChoiceField(choices=["info", "warn", "block"], required=False,
                                       help_text="comments whose worst finding is at least this severe")
    older_than = serializers.ChoiceField(choices=list(AGES), required=False,
                                         help_text="received at least this long ago")
    newer_than = serializers.ChoiceField(choices=list(AGES), required=False, help_text="received within this long")


class DeadLetterFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(required=False, max_length=50, help_text="one of your councils")
    unresolved = serializers.BooleanField(required=False, default=False,
                                          help_text="only the dead letters nobody has dealt with yet")


def _seen_edits(what: str) -> serializers.IntegerField:
    """The optional `edits` field of an action on a comment: the edit count the client saw."""
    return serializers.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1,
        help_text=f"the edit count you saw (the comment's `edits`); if given and the comment was edited since, "
                  f"{what} is refused with 409 so you can read the new text first; omit it to act without the check")


class CommentDecisionInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[str(a) for a in DECIDE_ACTIONS],
        help_text="`remove` waits for a second moderator where the council's pack asks for one; "
                  "`confirm_removal` and `refuse_removal` answer such a removal (by another moderator); "
                  "`reopen` puts it back in the queue")
    reason_code = StrictCharField(required=False, allow_blank=True, max_length=50, default="",
                                  help_text="one of the council's reason codes for the action (not needed to "
                                            "confirm, refuse or reopen)")
    note = StrictCharField(required=False, allow_blank=True, max_length=MAX_NOTE, default="", trim_whitespace=False)
    edits = _seen_edits("the decision")


class CommentHandoffInputSerializer(serializers.Serializer):
    route = serializers.ChoiceField(choices=Route.values, help_text="who the comment is referred to")
    reason_code = StrictCharField(required=False, allow_blank=True, max_length=50, default="",
                                  help_text="one of the council's reason codes for routing")
    reply = StrictCharField(required=False, allow_null=True, allow_blank=True, max_length=MAX_REPLY,
                            trim_whitespace=False,
                            help_text="the public reply pointing to direct contact; omitted or null: the route's "
                                      "suggested reply from the pack; empty: none")
    note = StrictCharField(required=False, allow_blank=True, max_length=MAX_NOTE, default="", trim_whitespace=False)
    edits = _seen_edits("the hand-off")


class ImportQuerySerializer(serializers.Serializer):
    source = serializers.ChoiceField(
        choices=list(SOURCES), help_text="the payload's shape: a platform's own JSON, or a generic JSON or CSV file")
    account = StrictCharField(required=False, max_length=200,
                              help_text="the registered handle of the account every comment is for (default: "
                                        "each comment is matched to an account by the platform's ids and handles)")
    council = serializers.SlugField(required=False, max_length=50,
                                    help_text="the council the import is for, when you may import for several")


# ---- output -----------------------------------------------------------------------------------------------

@extend_schema_field(CheckResultSerializer(allow_null=True))
class NullableCheckResultField(serializers.JSONField):
    """A stored check result (or null), given back exactly as it was made."""


class CommentSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.slug", read_only=True)
    account = AccountSummarySerializer(read_only=True)
    status = serializers.CharField(read_only=True, help_text=f"one of {STATUSES}")
    verdict = serializers.SerializerMethodField(help_text="the latest check's verdict; null until it is checked")
    url = serializers.CharField(read_only=True, help_text="the comment on the platform, when known")
    categories = serializers.ListField(source="category_list", child=serializers.CharField(), read_only=True,
                                       help_text="the categories of the latest check's findings")
    findings = serializers.SerializerMethodField(
        help_text="the latest check's findings, exactly as `civicguard check --json` gives them")
    edits = serializers.IntegerField(read_only=True,
                                     help_text="how many times its author edited it; `text` is the latest text")
    version_time = serializers.DateTimeField(
        read_only=True, allow_null=True,
        help_text="the platform's time for `text` (its last edit, else its creation): a delivery of an older "
                  "version is kept in the history and changes nothing")
    deleted_at = serializers.DateTimeField(
        read_only=True, allow_null=True,
        help_text="when the platform says it was deleted (null while it is not); no later delivery undoes it")
    hidden_pending_removal = serializers.BooleanField(
        read_only=True,
        help_text="true while its removal waits for a second person and the pack asks for it to be hidden meanwhile")

    class Meta:
        model = Comment
        fields = ["id", "council", "account", "platform", "platform_id", "kind", "parent_id", "author_name",
                  "author_id", "text", "url", "created_at", "received", "status", "verdict", "policy_version",
                  "categories", "findings", "edits", "version_time", "deleted_at", "hidden_pending_removal"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["block", "warn", "pass"], allow_null=True))
    def get_verdict(self, comment: Comment) -> str | None:
        return comment.verdict or None

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, comment: Comment) -> list[Any]:
        check = comment.latest_check
        findings = check.result.get("findings", []) if check is not None and isinstance(check.result, dict) else []
        return list(findings)


class CommentCheckSerializer(serializers.ModelSerializer):
    verdict = serializers.ChoiceField(choices=["block", "warn", "pass"], read_only=True)
    trigger = serializers.CharField(read_only=True, help_text="ingest, edit, rescan or retry")

    class Meta:
        model = CommentCheck
        fields = ["id", "created", "trigger", "verdict", "policy_version"]
        read_only_fields = fields


class ModerationDecisionSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True,
                                  help_text="who decided; null when the system did (a rescan)")
    action = serializers.CharField(read_only=True, help_text=", ".join(Action.values))
    status_before = serializers.CharField(read_only=True)
    status_after = serializers.CharField(read_only=True)

    class Meta:
        model = ModerationDecision
        fields = ["id", "created", "actor", "action", "reason_code", "note", "status_before", "status_after"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    channel = serializers.CharField(read_only=True, help_text=", ".join(Delivery.Channel.values))
    status = serializers.CharField(read_only=True, help_text=", ".join(Delivery.Status.values))

    class Meta:
        model = Delivery
        fields = ["channel", "status", "attempts", "last_error", "delivered"]
        read_only_fields = fields


class HandoffSerializer(serializers.ModelSerializer):
    route = serializers.CharField(read_only=True, help_text=", ".join(Route.values))
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True)
    reply_check = NullableCheckResultField(read_only=True,
                                           help_text="the engine's check of the reply as channel `reply`")
    deliveries = DeliverySerializer(many=True, read_only=True)

    class Meta:
        model = Handoff
        fields = ["id", "route", "route_name", "urgent", "created", "actor", "note", "reply", "reply_check",
                  "deliveries"]
        read_only_fields = fields


class CommentRevisionSerializer(serializers.ModelSerializer):
    text = serializers.CharField(read_only=True, help_text="the text of this version")
    replaced = serializers.DateTimeField(read_only=True,
                                         help_text="when the newer version (or, if stale, this one) arrived")
    source = serializers.CharField(read_only=True, help_text="the source that delivered the newer (or stale) version")
    status_before = serializers.CharField(read_only=True, help_text=f"the comment's status then: one of {STATUSES}")
    platform_time = serializers.DateTimeField(
        read_only=True, allow_null=True,
        help_text="the platform's time for this version (null on records kept before versions had times)")
    stale = serializers.BooleanField(read_only=True,
                                     help_text="true: it arrived after a newer version was held, so it was never "
                                               "shown or checked")
    note = serializers.CharField(read_only=True, help_text="in plain English, why it is in the history")
    findings = serializers.SerializerMethodField(
        help_text="the findings of this text's check while it was shown (empty if it was never checked)")

    class Meta:
        model = CommentRevision
        fields = ["text", "replaced", "source", "status_before", "platform_time", "stale", "note", "findings"]
        read_only_fields = fields

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, revision: CommentRevision) -> list[Any]:
        check = revision.latest_check
        return list(check.result.get("findings", [])) if check is not None and isinstance(check.result, dict) else []


class CommentDetailSerializer(CommentSerializer):
    checks = CommentCheckSerializer(many=True, read_only=True, help_text="the automatic checks, newest first")
    decisions = ModerationDecisionSerializer(many=True, read_only=True,
                                             help_text="people's and the system's, oldest first")
    handoffs = HandoffSerializer(many=True, read_only=True, help_text="newest first")
    revisions = CommentRevisionSerializer(many=True, read_only=True,
                                          help_text="every other version (edited away, or delivered late and "
                                                    "never shown), newest first by the platform's time")

    class Meta(CommentSerializer.Meta):
        fields = [*CommentSerializer.Meta.fields, "checks", "decisions", "handoffs", "revisions"]
        read_only_fields = fields


class CommentStateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="the comment's status now")


class ModerationDecisionResultSerializer(ModerationDecisionSerializer):
    comment = serializers.SerializerMethodField()

    class Meta(ModerationDecisionSerializer.Meta):
        fields = [*ModerationDecisionSerializer.Meta.fields, "comment"]
        read_only_fields = fields

    @extend_schema_field(CommentStateSerializer)
    def get_comment(self, decision: ModerationDecision) -> dict[str, Any]:
        return {"id": decision.comment_id, "status": decision.comment.status}


class HandoffResultSerializer(HandoffSerializer):
    comment = serializers.SerializerMethodField()

    class Meta(HandoffSerializer.Meta):
        fields = [*HandoffSerializer.Meta.fields, "comment"]
        read_only_fields = fields

    @extend_schema_field(CommentStateSerializer)
    def get_comment(self, handoff: Handoff) -> dict[str, Any]:
        return {"id": handoff.comment_id, "status": handoff.comment.status}


class IngestReportSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="comments stored now (each is checked in the background)")
    edited = serializers.IntegerField(help_text="comments stored before whose text has changed: the earlier text is "
                                                "kept and the new one checked in the background")
    stale = serializers.IntegerField(help_text="versions older than the one held (a late delivery): kept in the "
                                               "history, nothing else changes")
    deleted = serializers.IntegerField(help_text="deletions on the platform recorded (Meta's `remove`)")
    duplicates = serializers.IntegerField(help_text="comments or versions already held (a second delivery changes "
                                                    "nothing)")
    ignored = serializers.IntegerField(help_text="items that are not comments (likes, the account's own replies...)")
    dead_letters = serializers.IntegerField(help_text="items kept in the dead-letter table instead")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="why (the first 20)")


class DeadLetterSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.slug", read_only=True, allow_null=True)
    source = serializers.CharField(read_only=True)
    resolved = serializers.DateTimeField(read_only=True, allow_null=True,
                                         help_text="when a moderator dealt with it; null while unresolved")

    class Meta:
        model = DeadLetter
        fields = ["id", "council", "source", "reason", "received", "truncated", "resolved", "resolution"]
        read_only_fields = fields


class DeadLetterDetailSerializer(DeadLetterSerializer):
    body = serializers.CharField(read_only=True, help_text="as received (cut at 256 KB: see `truncated`)")

    class Meta(DeadLetterSerializer.Meta):
        fields = [*DeadLetterSerializer.Meta.fields, "body"]
        read_only_fields = fields
