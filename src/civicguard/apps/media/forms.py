"""The upload form: what the image is for and the file. The form checks only that a file was chosen; what the file
is (by its content), how large it is and whether the person may upload it for that purpose are the service's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from civicguard.apps.media.models import PURPOSE_LABELS
from civicguard.common.forms import FieldOptions, GovukForm

IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime,video/webm,video/x-matroska"
HINTS = {
    "post": "A draft or a post you will draft for an account you represent. Approvers and Legal can "
                        "see it.",
    "personal-check": "A picture you may put on your own account. Only you can see it.",
}


class UploadForm(GovukForm):
    purpose = forms.CharField(label="What is the image for?", widget=forms.RadioSelect,
                              error_messages={"required": "Select what the image is for"})
    file = forms.FileField(label="Image", error_messages={"required": "Select an image",
                                                          "empty": "The selected file is empty"},
                           widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}))

    def __init__(self, *args: Any, purposes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].widget.choices = [(p, PURPOSE_LABELS[p]) for p in purposes]
        if len(purposes) == 1:
            self.fields["purpose"].initial = purposes[0]
        limit = settings.CIVICGUARD_MAX_UPLOAD_BYTES // (1024 * 1024)
        hint = (f"JPEG, PNG, WebP or GIF (its first frame), up to {limit} MB and "
                f"{settings.CIVICGUARD_MAX_IMAGE_PIXELS // 1_000_000} million pixels. Location and camera details "
                "are removed from the copy that would be published. Or a video: MP4, MOV, WebM or MKV, up to "
                f"{settings.CIVICGUARD_MAX_VIDEO_SECONDS:.0f} seconds, checked on about one frame a second.")
        chosen = self.files.get("file")
        if chosen is not None and chosen.name:
            hint += f" You chose {chosen.name}: choose it again."
        self.fields["file"].help_text = hint
        self.field_options = {"purpose": FieldOptions(label_size="m", choice_hints=HINTS),
                              "file": FieldOptions(label_size="m")}

    def upload(self) -> tuple[str, bytes]:
        """The chosen file's name and contents, read to one byte past the limit (enough to know it is too large)."""
        chosen = self.cleaned_data["file"]
        return str(chosen.name or ""), chosen.read(settings.CIVICGUARD_MAX_UPLOAD_BYTES + 1)


class DeleteForm(GovukForm):
    """No fields: the button of the delete form (so the view reads nothing by hand)."""
