"""The policy review API's shapes: input validated here, the rules in services.py."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicguard.apps.policyreview.models import Outcome, PolicyReview, PolicyVersion, ReviewComment, ReviewState
from civicguard.apps.policyreview.services import MAX_TEXT, MAX_VERSION, review_changes
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.common.api import error_body
from civicguard.engine.packs.history import KeptVersionError


class CouncilFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(required=False, max_length=50, help_text="one of your councils")


class PolicyVersionSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = PolicyVersion
        fields = ["id", "council", "version", "published", "review_due", "early_review_reason", "clauses_digest",
                  "clause_count"]


class CommentSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ReviewComment
        fields = ["id", "consultee", "comment", "recorded_by", "recorded_at"]


class ReviewSummarySerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    of_version = serializers.CharField(source="of_version.version", read_only=True)
    state = serializers.ChoiceField(choices=ReviewState.choices, read_only=True)
    outcome = serializers.ChoiceField(choices=[("", "not decided"), *Outcome.choices], read_only=True)
    started_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = PolicyReview
        fields = ["id", "council", "of_version", "state", "reason", "consultees", "approving_body", "started_by",
                  "started_at", "outcome", "new_version", "approved_by", "decided_at", "published_at"]


class WordRunSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["same", "removed", "added"])
    text = serializers.CharField()


class ClauseTextSerializer(serializers.Serializer):
    number = serializers.CharField()
    heading = serializers.CharField()
    text = serializers.CharField()


class ChangedClauseSerializer(serializers.Serializer):
    number = serializers.CharField()
    heading = serializers.CharField()
    heading_before = serializers.CharField(allow_null=True, help_text="the old heading, when it changed")
    words = WordRunSerializer(many=True)


class ChangesSerializer(serializers.Serializer):
    from_version = serializers.CharField(source="from")
    to_version = serializers.CharField(source="to")
    added = ClauseTextSerializer(many=True)
    removed = ClauseTextSerializer(many=True)
    changed = ChangedClauseSerializer(many=True)
    unchanged = serializers.IntegerField()


class ReviewSerializer(ReviewSummarySerializer):
    comments = CommentSerializer(many=True, read_only=True)
    decision_notes = serializers.CharField(read_only=True)
    published_version = serializers.CharField(source="published_version.version", read_only=True, allow_null=True,
                                              default=None)
    changes = serializers.SerializerMethodField(help_text="the clause wording changes to the new version, if "
                                                          "both wordings are kept")
    changes_note = serializers.SerializerMethodField(help_text="why there are no changes to show")
    changes_error = serializers.SerializerMethodField(
        help_text="when a kept version's wording cannot be read (code invalid_kept_version), the error in the one "
                  "error shape, saying which version and why; null otherwise")

    class Meta(ReviewSummarySerializer.Meta):
        fields = [*ReviewSummarySerializer.Meta.fields, "decision_notes", "published_version", "comments",
                  "changes", "changes_note", "changes_error"]

    def _changes(self, review: PolicyReview) -> tuple[dict[str, Any] | None, str, dict[str, Any] | None]:
        cache = self.context.setdefault("changes", {})
        if review.pk not in cache:
            try:
                cache[review.pk] = (*review_changes(review), None)
            except KeptVersionError as exc:
                cache[review.pk] = (None, exc.plain, error_body(exc.code, exc.plain))
        return cache[review.pk]

    @extend_schema_field(ChangesSerializer(allow_null=True))
    def get_changes(self, review: PolicyReview) -> dict[str, Any] | None:
        changes = self._changes(review)[0]
        return None if changes is None else dict(ChangesSerializer(changes).data)

    def get_changes_note(self, review: PolicyReview) -> str:
        return self._changes(review)[1]

    @extend_schema_field(ErrorSerializer(allow_null=True))
    def get_changes_error(self, review: PolicyReview) -> dict[str, Any] | None:
        return self._changes(review)[2]


class ReviewCreateSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, help_text="one of your councils")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT, default="",
                                   help_text="why the review starts, if not the annual review")


class CommentCreateSerializer(serializers.Serializer):
    consultee = serializers.CharField(max_length=200, help_text="one of the review's consultees")
    comment = serializers.CharField(max_length=MAX_TEXT)


class DecisionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[("consult", "send for consultation"), ("approve", "record the approval"),
                 ("publish", "publish the approved outcome")])
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False,
                                      help_text="with approve: no-change or new-version")
    new_version = serializers.CharField(required=False, allow_blank=True, max_length=MAX_VERSION, default="",
                                        help_text="with approve and new-version: as the policy document names it")
    approved_by = serializers.CharField(required=False, allow_blank=True, max_length=200, default="",
                                        help_text="with approve: who approved (default: the pack's approving body)")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT, default="")
