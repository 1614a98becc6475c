"""The shapes of the media API: what each endpoint accepts (type and size; what the file is and who may upload it
are the service's rules) and what it answers (for the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from civicguard.apps.media.models import PURPOSE_LABELS, MediaItem
from civicguard.apps.media.services import UPLOADABLE
from civicguard.apps.posts.serializers import StrictCharField

PURPOSES = [(p, PURPOSE_LABELS[p]) for p in UPLOADABLE]


class MediaUploadMultipartSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, help_text="the council, one of yours, e.g. st-helens")
    purpose = serializers.ChoiceField(choices=PURPOSES, help_text="post: for an official post (the staff who draft); "
                                                                  "personal-check: for a personal post (anyone)")
    file = serializers.FileField(allow_empty_file=True, use_url=False,
                                 help_text="JPEG, PNG, WebP or GIF, or an MP4, MOV, WebM or MKV video, judged "
                                           "by its content (not its name or type)")


class MediaUploadJsonSerializer(serializers.Serializer):
    council = serializers.SlugField(max_length=50, help_text="the council, one of yours, e.g. st-helens")
    purpose = serializers.ChoiceField(choices=PURPOSES)
    name = StrictCharField(max_length=255, required=False, allow_blank=True, default="",
                           help_text="the file's name, shown on the item's page only")
    content_base64 = serializers.CharField(max_length=8 * 1024 * 1024, trim_whitespace=False,
                                           help_text="the file's bytes in base64 (RFC 4648)")


class MediaItemSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    deleted_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    purpose_label = serializers.SerializerMethodField()

    class Meta:
        model = MediaItem
        fields = ["id", "council", "kind", "purpose", "purpose_label", "original_name", "content_type", "size",
                  "sha256", "width", "height", "clean_content_type", "clean_size", "clean_sha256",
                  "location_removed", "device_removed", "metadata_removed", "uploaded_by", "created", "deleted",
                  "deleted_by"]
        read_only_fields = fields

    def get_purpose_label(self, obj: Any) -> str:
        return PURPOSE_LABELS.get(obj.purpose, obj.purpose)
