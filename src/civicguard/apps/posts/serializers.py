"""The shapes of the posts API: what each endpoint accepts (checked here for type and size only; the rules are in
the services) and what it answers (documented here for the OpenAPI schema)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicguard.apps.posts.models import Approval, Post, PostCheck, PostStatus
from civicguard.apps.posts.services import ASKED, MAX_LINKS, MAX_TEXT
from civicguard.common.openapi import SPACE
from civicguard.engine import CATEGORIES, CHANNELS, shipped_pack_ids
from civicguard.engine.model import PLATFORMS, RESTRICTION_SOURCES

MAX_ID = 2**63 - 1
MAX_LINK = 2000
MAX_IMAGES = 20
MAX_TAGGED = 50


class StrictCharField(serializers.CharField):
    """A JSON string and nothing else (DRF's CharField would turn 5 into "5"), in valid Unicode."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            raise serializers.ValidationError("contains invalid Unicode (lone surrogates)") from None
        return str(super().to_internal_value(data))


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false and nothing else (DRF's BooleanField would take 0, "no" or "off" as well)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


def _text_field(**kwargs: Any) -> StrictCharField:
    # Never trimmed: the findings' start and end are offsets into the text exactly as sent.
    return StrictCharField(max_length=MAX_TEXT, trim_whitespace=False, **kwargs)


@extend_schema_field({"type": "string", "minLength": 1, "maxLength": MAX_LINK,
                      "pattern": rf"^[{SPACE}]*[hH][tT][tT][pP][sS]?://[^\x00]*$"})
class LinkField(StrictCharField):
    """A web address: the services refuse anything that does not start with http:// or https:// (spaces around
    it are trimmed first)."""


def _links_field(*, web_only: bool = True, **kwargs: Any) -> serializers.ListField:
    # A post's links must be web addresses (the services refuse others); a check judges whatever it is given.
    child = LinkField(max_length=MAX_LINK) if web_only else StrictCharField(max_length=MAX_LINK)
    return serializers.ListField(child=child, max_length=MAX_LINKS,
                                 help_text="web addresses attached to the post (https://...)", **kwargs)


_IMAGE_OBJECT = {
    "type": "object",
    "properties": {
        "ref": {"type": "string", "maxLength": MAX_LINK, "description": "path, URL or media id of the image"},
        "tagged_people": {"type": "array", "items": {"type": "string", "maxLength": 200}, "maxItems": MAX_TAGGED},
        "alt_text": {"type": "string", "maxLength": MAX_LINK},
    },
    "required": ["ref"],
    "additionalProperties": False,
}


@extend_schema_field({"oneOf": [{"type": "string", "maxLength": MAX_LINK}, _IMAGE_OBJECT]})
class ImageRefField(serializers.Field):
    """An attached image: a reference string, or {"ref", "tagged_people"?, "alt_text"?}."""

    default_error_messages = {"invalid": "an image is a reference string or an object with 'ref'"}

    def _string(self, value: Any, limit: int) -> str:
        if not isinstance(value, str) or len(value) > limit:
            self.fail("invalid")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail("invalid")
        return value

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            return self._string(data, MAX_LINK)
        if not isinstance(data, Mapping) or set(data) - {"ref", "tagged_people", "alt_text"}:
            self.fail("invalid")
        people = data.get("tagged_people", [])  # as the schema says: a list when given, never null
        if not isinstance(people, list) or len(people) > MAX_TAGGED:
            self.fail("invalid")
        return {"ref": self._string(data.get("ref"), MAX_LINK),
                "tagged_people": [self._string(p, 200) for p in people],
                "alt_text": self._string(data.get("alt_text", ""), MAX_LINK)}

    def to_representation(self, value: Any) -> Any:
        return value


@extend_schema_field({"$ref": "#/components/schemas/ChannelEnum"})
class ChannelField(serializers.ChoiceField):
    """The channel, named `as` in a check request and `channel` in its result: one enum in the schema."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=list(CHANNELS), **kwargs)


# ---- input ------------------------------------------------------------------------------------------------

class CheckInputSerializer(serializers.Serializer):
    """A check of one post, reply or comment: the same fields as `civicguard check` and `civicguard scan`."""

    text = _text_field()
    council = serializers.ChoiceField(choices=shipped_pack_ids(), help_text="the council's id")
    channel = ChannelField(help_text="where the text will appear")
    politically_restricted = StrictBooleanField(required=False, default=False,
                                                      help_text="the author holds a politically restricted post")
    links = _links_field(web_only=False, required=False)
    images = serializers.ListField(child=ImageRefField(), max_length=MAX_IMAGES, required=False)
    platform = serializers.ChoiceField(choices=list(PLATFORMS), required=False, allow_null=True,
                                       help_text="the platform an official post is for: its length is checked "
                                                 "against that platform's limit (not checked when left out)")

    def get_fields(self) -> dict[str, serializers.Field]:
        # The field is called `as` (a Python keyword) in every entry point: the CLI's --as, the scan rows.
        fields = super().get_fields()
        return {("as" if name == "channel" else name): field for name, field in fields.items()}


MAX_CHECK_UPLOADS = 4  # a post carries at most four images


class CheckUploadSerializer(serializers.Serializer):
    """A check with image files (multipart/form-data): the request as a JSON `payload` part, or as fields, and the
    images with the people tagged in each. The files are judged by their content in the view (the media limits)."""

    payload = StrictCharField(required=False, max_length=200_000, trim_whitespace=False,
                              help_text="the check request as JSON (the same object as the JSON body); when given, "
                                        "the fields below other than the images are not read")
    text = StrictCharField(required=False, max_length=MAX_TEXT, trim_whitespace=False)
    council = serializers.ChoiceField(choices=shipped_pack_ids(), required=False, help_text="the council's id")
    channel = ChannelField(required=False, help_text="where the text will appear")
    politically_restricted = serializers.ChoiceField(choices=["true", "false"], required=False,
                                                     help_text="the author holds a politically restricted post")
    links = serializers.ListField(child=StrictCharField(max_length=MAX_LINK), max_length=MAX_LINKS, required=False,
                                  help_text="a link attached to the post (repeat the field for each)")
    platform = serializers.ChoiceField(choices=list(PLATFORMS), required=False)
    image = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True, use_url=False), max_length=MAX_CHECK_UPLOADS,
        required=False, help_text=f"an image file (repeat the field for each, at most {MAX_CHECK_UPLOADS}): JPEG, PNG, "
                                  "WebP, GIF or BMP judged by its content, within the size and pixel limits")
    tagged_people = serializers.ListField(
        child=StrictCharField(max_length=MAX_TAGGED * 200, allow_blank=True), max_length=MAX_CHECK_UPLOADS,
        required=False, help_text="the people tagged in the image at the same place, names separated by commas "
                                  "(one field per image, empty for nobody; or none at all)")
    alt_text = serializers.ListField(
        child=StrictCharField(max_length=MAX_LINK, allow_blank=True), max_length=MAX_CHECK_UPLOADS, required=False,
        help_text="the alternative text of the image at the same place (one field per image, or none at all)")

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {("as" if name == "channel" else name): field for name, field in fields.items()}


class PostCreateSerializer(serializers.Serializer):
    account = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="the social account's id")
    text = _text_field()
    links = _links_field(required=False)


class PostUpdateSerializer(serializers.Serializer):
    text = _text_field(required=False)
    links = _links_field(required=False)


class DecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=list(ASKED),
        help_text=("`approve`, `return`, `override` (recorded as `request_override` when a second person must "
                   "confirm it), `confirm_override` or `refuse_override`"))
    comment = _text_field(required=False, allow_blank=True,
                          help_text="for the author: what to change (return), or why the override is refused")
    justification = _text_field(required=False, allow_blank=True,
                                help_text="why the post may go out despite the check (override; optional when "
                                          "confirming one)")


class PostFilterSerializer(serializers.Serializer):
    council = serializers.SlugField(required=False, max_length=50, help_text="one of your councils")
    status = serializers.ChoiceField(choices=PostStatus.choices, required=False)
    overridden = serializers.BooleanField(required=False, allow_null=True, default=None,
                                          help_text="only posts approved with (true) or without (false) an override")
    account = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                       help_text="a social account's id")


# ---- output -----------------------------------------------------------------------------------------------

class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    category = serializers.ChoiceField(choices=sorted(CATEGORIES))
    severity = serializers.ChoiceField(choices=["info", "warn", "block"])
    clauses = serializers.ListField(child=serializers.CharField(), help_text="the policy clauses it breaches")
    start = serializers.IntegerField(help_text="offset of the span in the text")
    end = serializers.IntegerField()
    text = serializers.CharField(help_text="the span")
    confidence = serializers.FloatField()
    message = serializers.CharField()
    remedy = serializers.CharField()
    label = serializers.CharField(allow_blank=True)
    explanation = serializers.CharField(allow_blank=True)
    redacted = serializers.CharField(required=False, help_text="the text with the personal data masked")
    needs_human = serializers.BooleanField()


class CheckResultSerializer(serializers.Serializer):
    """Exactly what `civicguard check --json` prints."""

    verdict = serializers.ChoiceField(choices=["block", "warn", "pass"])
    council = serializers.CharField()
    policy_version = serializers.CharField()
    channel = serializers.ChoiceField(choices=list(CHANNELS))
    findings = FindingSerializer(many=True)


class CheckAnswerSerializer(CheckResultSerializer):
    """The answer to a check: the result, and whether the author's post was counted as politically restricted."""

    politically_restricted = serializers.BooleanField(
        help_text="whether party-political content was checked as for a politically restricted post (St Helens 5.7)")
    politically_restricted_source = serializers.ChoiceField(
        choices=list(RESTRICTION_SOURCES), allow_null=True,
        help_text="who says so: hr-record (HR's staff record for you in the council, which counts whatever you "
                  "send), as-you-say (your politically_restricted field: you have no such record, or it does not "
                  "say restricted), or null when neither says so")


@extend_schema_field(CheckResultSerializer)
class CheckResultField(serializers.JSONField):
    """A stored check result, given back exactly as it was made."""


class AccountSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    platform = serializers.CharField(read_only=True)
    handle = serializers.CharField(read_only=True)


class PostCheckSerializer(serializers.ModelSerializer):
    checked_by = serializers.CharField(source="checked_by.username", read_only=True)
    result = CheckResultField(read_only=True)

    class Meta:
        model = PostCheck
        fields = ["id", "created", "checked_by", "verdict", "policy_version", "result"]
        read_only_fields = fields


class ApprovalSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = Approval
        fields = ["id", "created", "actor", "decision", "comment", "justification", "verdict"]
        read_only_fields = fields


class OverridePersonSerializer(serializers.Serializer):
    username = serializers.CharField()
    at = serializers.DateTimeField(help_text="when they decided")
    justification = serializers.CharField(allow_blank=True)


class OverrideSerializer(serializers.Serializer):
    """Who overrode the check and why. `confirmer` is null for a one-person override, or while waiting."""

    people = serializers.IntegerField(help_text="1 (an override of a warning) or 2 (confirmed by a second person)")
    verdict = serializers.ChoiceField(choices=["block", "warn", "pass"],
                                      help_text="the check's verdict at the latest of these decisions")
    waiting = serializers.BooleanField(help_text="waiting for a second person to confirm")
    requester = OverridePersonSerializer()
    confirmer = OverridePersonSerializer(allow_null=True)


class PostSummarySerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.slug", read_only=True)
    account = AccountSummarySerializer(read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    links = serializers.ListField(child=serializers.CharField(), read_only=True)
    verdict = serializers.SerializerMethodField(help_text="the latest check's verdict, if it checked this text")
    overridden = serializers.BooleanField(read_only=True,
                                          help_text="approved despite a warning or a block (see `override`)")
    override = serializers.SerializerMethodField(
        help_text="the override behind the latest decision (both people and both justifications), or null")

    class Meta:
        model = Post
        fields = ["id", "council", "account", "author", "text", "links", "status", "verdict", "is_editable",
                  "overridden", "override", "created", "updated", "submitted"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["block", "warn", "pass"], allow_null=True))
    def get_verdict(self, post: Post) -> str | None:
        check = post.current_check
        return check.verdict if check is not None else None

    @extend_schema_field(OverrideSerializer(allow_null=True))
    def get_override(self, post: Post) -> dict[str, Any] | None:
        record = post.override_record()
        return record.to_dict() if record is not None else None


class ImageTagSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="the tag's id")
    name = serializers.CharField(help_text="the person's name (a child's only to those who may read their record)")
    consent = serializers.CharField(help_text="what the consent register says of them for this post's platform")


class ImageFaceSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="the face's number, as the post's page draws it")
    box = serializers.ListField(child=serializers.IntegerField(), min_length=4, max_length=4,
                                help_text="x, y, width, height in the image's pixels")
    tag = ImageTagSerializer(allow_null=True, help_text="who the author said this face is, or null")


class PostImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(help_text="its place in the post (1 first)")
    name = serializers.CharField(help_text="the file name it was uploaded with; the check's findings name it so")
    alt_text = serializers.CharField(allow_blank=True)
    media_item = serializers.IntegerField(allow_null=True,
                                          help_text="the media item (/api/v1/media-items/{id}); null for an image "
                                                    "added before images were media items")
    deleted = serializers.BooleanField()
    analysed = serializers.BooleanField(help_text="its faces have been looked for")
    analysis_error = serializers.CharField(allow_null=True,
                                           help_text="why it could not be analysed (a person must look at it)")
    faces = ImageFaceSerializer(many=True, allow_null=True, help_text="the faces found (null: not analysed)")
    other_tags = ImageTagSerializer(many=True, help_text="people tagged without a face box")
    never_publishable = serializers.ListField(
        child=serializers.CharField(),
        help_text="why this image can never be approved, whoever asks (a looked-after child: Sefton 5.5.4.10)")


class PostSerializer(PostSummarySerializer):
    latest_check = PostCheckSerializer(read_only=True, allow_null=True,
                                       help_text="the latest check run (its text may differ from the post's now)")
    approvals = ApprovalSerializer(many=True, read_only=True)
    images = serializers.SerializerMethodField(help_text="the post's images, the faces found and who is tagged")

    class Meta(PostSummarySerializer.Meta):
        fields = [*PostSummarySerializer.Meta.fields, "latest_check", "approvals", "images"]
        read_only_fields = fields

    @extend_schema_field(PostImageSerializer(many=True))
    def get_images(self, post: Post) -> list[dict[str, Any]]:
        from civicguard.apps.posts.images import images_data

        return images_data(post, self.context.get("user"))


# ---- errors -----------------------------------------------------------------------------------------------

class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="bad_input, forbidden, not_found, invalid_state, not_authenticated...")
    message = serializers.CharField()
    field = serializers.CharField(required=False, help_text="the input field at fault")
    fields = serializers.JSONField(required=False, help_text="per-field messages when the body has the wrong shape")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
