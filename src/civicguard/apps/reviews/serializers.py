"""The API's shapes for procedures and reviews (input serializers checked, output ones documenting the answer)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicguard.apps.posts.serializers import MAX_ID, StrictBooleanField, StrictCharField
from civicguard.apps.reviews.services import MAX_NOTES

STATES = ["open", "overdue", "due", "scheduled", "signed_off"]


class ProcedureFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(required=False, max_length=50,
                                    help_text="one of your councils (default: all of them)")
    service_area = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                            help_text="a service area's id")


class AreaSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class ProcedureSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    council = serializers.CharField(read_only=True, help_text="the council's id (its pack id)")
    service_area = AreaSerializer(read_only=True)
    title = serializers.CharField(read_only=True)
    policy_version = serializers.CharField(read_only=True, help_text="the version of the policy it follows")
    in_force = serializers.BooleanField(read_only=True, help_text="the newest upload for its service area")
    out_of_date = serializers.BooleanField(
        read_only=True, help_text="the council's policy version in force is not the one it follows")
    file_name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=["pdf", "docx", "odt"], read_only=True)
    size = serializers.IntegerField(read_only=True, help_text="bytes")
    sha256 = serializers.CharField(read_only=True)
    uploaded_by = serializers.CharField(read_only=True, help_text="username")
    uploaded_at = serializers.DateTimeField(read_only=True)


class ReviewFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(required=False, max_length=50,
                                    help_text="one of your councils (default: every council where you may see them)")
    state = serializers.ChoiceField(
        choices=STATES, required=False,
        help_text="`open` (not signed off), `overdue` (open, past its date), `due` (open, due within 30 days), "
                  "`scheduled` (open, due later) or `signed_off`")
    account = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                       help_text="a social account's id")


class ReviewAccountSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    platform = serializers.CharField(read_only=True)
    handle = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="set_up, live, dormant or closed")
    service_area = AreaSerializer(read_only=True, allow_null=True)


class ChecklistSerializer(serializers.Serializer):
    content_appropriate = serializers.BooleanField(read_only=True)
    representatives_current = serializers.BooleanField(read_only=True)
    feedback_current = serializers.BooleanField(read_only=True)
    inappropriate_removed = serializers.BooleanField(read_only=True)


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    council = serializers.CharField(read_only=True)
    account = ReviewAccountSerializer(read_only=True)
    due = serializers.DateField(read_only=True)
    state = serializers.ChoiceField(choices=STATES[1:], read_only=True)
    checklist = ChecklistSerializer(read_only=True)
    notes = serializers.CharField(read_only=True)
    line_manager = serializers.CharField(
        read_only=True, allow_null=True,
        help_text="who signs it off (the owner's line manager, else the service area's manager); null: none on "
                  "record, so any line manager or service manager of the council may")
    comments_waiting = serializers.IntegerField(read_only=True,
                                                help_text="comments on the account waiting for a moderator")
    moderation_queue = serializers.CharField(read_only=True, help_text="the moderation queue filtered to the account")
    signed_off_by = serializers.CharField(read_only=True, allow_null=True, help_text="username")
    signed_off_at = serializers.DateTimeField(read_only=True, allow_null=True)


@extend_schema_field({"type": "boolean", "enum": [True],
                      "description": "must be true: put it right before signing off if it is not"})
class ConfirmField(StrictBooleanField):
    """A checklist item: only `true` signs off (the service says which is not confirmed)."""


class SignOffInputSerializer(serializers.Serializer):
    content_appropriate = ConfirmField(help_text="the account's content is still appropriate")
    representatives_current = ConfirmField(help_text="its representatives are current")
    feedback_current = ConfirmField(help_text="its feedback and complaints information is current")
    inappropriate_removed = ConfirmField(help_text="inappropriate content posted on or linked to it has been removed")
    notes = StrictCharField(required=False, allow_blank=True, max_length=MAX_NOTES, trim_whitespace=False,
                            default="")


class SignOffResultSerializer(serializers.Serializer):
    review = ReviewSerializer(read_only=True)
    next_review = ReviewSerializer(read_only=True)
