"""Media items (an uploaded image or video) and every look at one (Sefton 5.5.4.9: who viewed or downloaded
an image is known). The files are kept in private storage (civicguard.apps.media.storage), never under MEDIA_ROOT
or STATIC_ROOT: the only way to read one is through a view that checks the person and logs the look."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicguard.apps.councils.models import Council
from civicguard.engine.images.facts import ImageFacts, facts_from_dict


class Kind(models.TextChoices):
    IMAGE = "image", "Image"
    VIDEO = "video", "Video"


class Purpose(models.TextChoices):
    POST = "post", "An official post"
    PERSONAL_CHECK = "personal-check", "A personal post being checked"
    COMMENT_ATTACHMENT = "comment-attachment", "A resident's comment"


PURPOSE_LABELS: dict[str, str] = {"post": "An official post", "personal-check": "A personal post being checked",
                                  "comment-attachment": "A resident's comment"}


class MediaItem(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="media_items")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.IMAGE)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    original_name = models.CharField(max_length=255, blank=True, help_text="the name the file had; shown only")
    # The original as uploaded and the clean copy, as paths inside the private store.
    original_path = models.CharField(max_length=300)
    clean_path = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64, help_text="of the original")
    content_type = models.CharField(max_length=50, help_text="of the original, from its content")
    size = models.PositiveBigIntegerField(help_text="bytes of the original")
    clean_sha256 = models.CharField(max_length=64)
    clean_content_type = models.CharField(max_length=50)
    clean_size = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    location_removed = models.BooleanField(help_text="the original carried a GPS position; the clean copy does not")
    device_removed = models.BooleanField(help_text="the original named the camera or phone; the clean copy does not")
    metadata_removed = models.BooleanField(help_text="the original carried EXIF, XMP, a colour profile or text")
    # A video's length in seconds, from its frames (None for an image).
    duration = models.FloatField(null=True, blank=True)
    # What the image detectors read from the clean copy (faces found...), computed once after the upload
    # (services.media_analyse, by the worker): engine.images.facts.facts_to_dict. None until analysed; facts with
    # an `error` mean the analysis failed and the image goes to a person.
    facts = models.JSONField(null=True, blank=True)
    analysed = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    deleted = models.DateTimeField(null=True, blank=True, help_text="the files were erased; the record is kept")
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                   blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["council", "sha256"])]

    def __str__(self) -> str:
        return self.original_name or f"{'Video' if self.kind == Kind.VIDEO else 'Image'} {self.pk}"

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def is_video(self) -> bool:
        return self.kind == Kind.VIDEO

    @property
    def poster_path(self) -> str:
        """A video's poster (the sampled frame with the most faces, a JPEG), named after its clean copy; made when
        it is analysed. "" for an image."""
        return f"{self.clean_path}.jpg" if self.is_video and "." not in self.clean_path else ""

    def image_facts(self) -> ImageFacts | None:
        """The stored facts, or None while the image waits to be analysed."""
        return facts_from_dict(self.facts) if self.facts is not None else None


class MediaView(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        DOWNLOAD = "download", "Downloaded"

    item = models.ForeignKey(MediaItem, on_delete=models.PROTECT, related_name="views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    via = models.CharField(max_length=10, default="page", help_text="page or api")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
