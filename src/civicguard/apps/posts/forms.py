"""The forms of the post pages. They read what was sent and show it again with its errors; what is allowed is
the service's rule (services.post_create, post_update, image_add, post_decide, personal_check), and which decisions
the approval page offers comes from services.decisions_open_to."""

from __future__ import annotations

from typing import Any

from django import forms

from civicguard.apps.posts.models import Decision, PostStatus
from civicguard.apps.posts.services import ASKED, MAX_TEXT
from civicguard.apps.social_accounts.models import PLATFORMS
from civicguard.common.forms import FieldOptions, GovukForm

IMAGE_TYPES = "image/jpeg,image/png,image/gif,image/webp,video/mp4,video/quicktime,video/webm,video/x-matroska"

# What each decision is called on the page, and the hint under it.
_SHOWN = [
    (Decision.APPROVE, "Approve", "The check found nothing. The post goes to the outbox."),
    (Decision.OVERRIDE, "Approve, overriding the check",
     "Only for a warning or a block, and you must give a justification. An override of a block waits for a second "
     "person to confirm it."),
    (Decision.RETURN, "Return to the author", "Say in your comments what they should change."),
    (Decision.CONFIRM_OVERRIDE, "Confirm the override",
     "You agree the post may go out despite the check. It goes to the outbox, marked as overridden, with both your "
     "names."),
    (Decision.REFUSE_OVERRIDE, "Refuse the override", "The post goes back to its author. Say why in your comments."),
]
CHOICES: dict[str, tuple[str, str]] = {str(value): (label, hint) for value, label, hint in _SHOWN}


def _text(label: str, *, rows: int, help_text: str = "") -> forms.CharField:
    """A text box whose words reach the service exactly as typed: the service says what is too long or missing."""
    return forms.CharField(label=label, help_text=help_text, required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _image(label: str, *, help_text: str = "", required: bool = False) -> forms.FileField:
    # Named "image" as the pages always posted it; its id is "images", the field the services' errors name.
    return forms.FileField(label=label, help_text=help_text, required=required, allow_empty_file=True,
                           error_messages={"required": "Choose an image file"},
                           widget=forms.FileInput(attrs={"id": "images", "accept": IMAGE_TYPES}))


OVERRIDDEN = "overridden"
TAGGED_HINT = ("Optional: names, separated by commas. Better: once it is saved, tag each face the check finds from "
               "the photo consent register. A name typed here has no consent record, so the check asks for one "
               "(Sefton 5.5).")


class PostListFilterForm(GovukForm):
    """The posts list's filter (a GET form, `?status=submitted`): a status, or the posts approved with an override."""

    status = forms.ChoiceField(label="Show", required=False, choices=[
        ("", "All posts"), *PostStatus.choices, (OVERRIDDEN, "Approved with an override")],
        error_messages={"invalid_choice": "Choose which posts to show from the list"})

    @property
    def status_chosen(self) -> str:
        """The status asked for, or "" for all posts (also when the one asked for is not one of the choices)."""
        return str(self.cleaned_data.get("status") or "") if self.is_valid() else ""


class PersonalCheckForm(GovukForm):
    """A personal post to check, with an optional image: where it will go, and (when Corporate Communications gave
    the person permission for anyone: consent.selectors.permitted_records) who in the picture they may post."""

    text = _text("Your post", rows=6)
    image = _image("Image (optional)", help_text="JPEG, PNG, GIF or WebP. It is kept privately: only you can see "
                                                  "it, among your images, and you can delete it there.")
    platform = forms.ChoiceField(label="Where will you post it? (optional)", required=False,
                                 error_messages={"invalid_choice": "Choose a platform from the list"})
    people = forms.MultipleChoiceField(
        label="People in the image you have permission to post", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Corporate Communications gave you permission, after Legal's advice, to post images of these "
                  "people on your own accounts (Sefton 5.5.2.2).",
        error_messages={"invalid_choice": "Choose only people you have permission for"})
    politically_restricted = forms.BooleanField(
        label="I hold a politically restricted post", required=False,
        help_text="Party-political content is then checked too (St Helens 5.7).")
    keep = forms.BooleanField(label="Keep a copy of this check for me", required=False)
    field_options = {"text": FieldOptions(label_size="m", character_count=MAX_TEXT),
                     "politically_restricted": FieldOptions(classes="govuk-checkboxes--small"),
                     "keep": FieldOptions(classes="govuk-checkboxes--small"),
                     "image": FieldOptions(label_size="s"), "platform": FieldOptions(label_size="s"),
                     "people": FieldOptions(label_size="s", classes="govuk-checkboxes--small")}
    error_fields = {"images": "image", "file": "image"}

    def __init__(self, *args: Any, permitted: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = [("", "Not chosen"), *PLATFORMS]
        if permitted:
            self.fields["people"].choices = [(str(r.pk), r.name) for r in permitted]
        else:
            del self.fields["people"]

    @property
    def people_chosen(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("people") or []]


class PostForm(GovukForm):
    """Draft a post: the account (one the person represents), the text, links and an optional image."""

    account = forms.ChoiceField(label="Account", error_messages={
        "required": "choose the account the post is for", "invalid_choice": "choose the account the post is for"})
    text = _text("Post text", rows=6)
    links = _text("Links (optional)", rows=2, help_text="Web addresses starting https://, one per line")
    image = _image("Upload an image", help_text="JPEG, PNG, GIF or WebP, up to 10 MB. Each face found is shown with a "
                                                "box so you can say who it is. A video (MP4, MOV, WebM or MKV) is "
                                                "checked on about one frame a second.")
    alt_text = forms.CharField(label="Description of the image (alt text)", required=False, strip=False)
    tagged_people = forms.CharField(label="People shown in the image", required=False, strip=False,
                                    help_text=TAGGED_HINT)
    field_options = {"account": FieldOptions(label_size="s"),
                     "text": FieldOptions(label_size="s", character_count=MAX_TEXT),
                     "links": FieldOptions(label_size="s")}
    error_fields = {"images": "image", "file": "image"}

    def __init__(self, *args: Any, accounts: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accounts = {str(a.pk): a for a in accounts}
        self.fields["account"].choices = [(pk, str(a)) for pk, a in self.accounts.items()]


class PostEditForm(GovukForm):
    text = _text("Post text", rows=6)
    links = _text("Links", rows=2)
    field_options = {"text": FieldOptions(label_size="s", character_count=MAX_TEXT),
                     "links": FieldOptions(label_size="s")}


class ImageForm(GovukForm):
    image = _image("Image", required=True)
    alt_text = forms.CharField(label="Description of the image (alt text)", required=False, strip=False)
    tagged_people = forms.CharField(label="People shown, separated by commas", required=False, strip=False,
                                    help_text=TAGGED_HINT)
    error_fields = {"images": "image", "file": "image"}


class ImageRemoveForm(GovukForm):
    """No fields: the button that takes an image off a draft (so the view reads nothing by hand)."""


class DecisionForm(GovukForm):
    """The approver's decision. It accepts any decision a person may ask for (ASKED); `offer` sets the ones the
    page shows, from services.decisions_open_to, and the service refuses any other."""

    decision = forms.ChoiceField(
        label="Decision", widget=forms.RadioSelect, choices=[(value, CHOICES[value][0]) for value in ASKED],
        error_messages={"required": "Choose a decision", "invalid_choice": "Choose one of the decisions shown"})
    comment = forms.CharField(
        label="Comments for the author (needed to return the post or refuse an override)", required=False,
        max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Comments must be {MAX_TEXT:,} characters or fewer"})
    justification = forms.CharField(
        label="Justification (needed to override; optional when you confirm an override)", required=False,
        max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The justification must be {MAX_TEXT:,} characters or fewer"})

    def offer(self, decisions: list[str]) -> DecisionForm:
        self.fields["decision"].choices = [(value, CHOICES[value][0]) for value in decisions]
        self.field_options = {"decision": FieldOptions(
            label_size="s", choice_hints={value: CHOICES[value][1] for value in decisions})}
        return self


MISSED = "missed"


class TagForm(GovukForm):
    """Who a person in an image is: a face found (or one the boxes missed), and their consent record or their
    name. Which records may be chosen is services.tag_choices; the service checks the face and the record."""

    face = forms.ChoiceField(label="Which person?", widget=forms.RadioSelect,
                             error_messages={"required": "Choose the face you are tagging",
                                             "invalid_choice": "Choose one of the faces shown"})
    consent = forms.ChoiceField(label="Their consent record", required=False,
                                error_messages={"invalid_choice": "Choose a consent record from the list"})
    name = forms.CharField(label="Or their name, if they have no consent record", required=False, max_length=200,
                           help_text="The check will ask for their written consent before the post can go out.",
                           error_messages={"max_length": "The name must be 200 characters or fewer"})

    def __init__(self, *args: Any, faces: int, records: list[Any], image_pk: int, number: int, **kwargs: Any) -> None:
        kwargs.setdefault("id_prefix", f"image-{number}-")
        super().__init__(*args, **kwargs)
        self.image_pk = image_pk
        self.fields["face"].choices = [(str(n), f"Face {n}") for n in range(1, faces + 1)] + [
            (MISSED, "A person without a box (the check missed their face)")]
        if faces == 0:
            self.fields["face"].initial = MISSED
        self.fields["consent"].choices = [("", "No record chosen")] + [(str(r.pk), record_label(r)) for r in records]
        self.field_options = {"face": FieldOptions(label_size="s", classes="govuk-radios--small"),
                              "consent": FieldOptions(label_size="s"), "name": FieldOptions(label_size="s")}

    @property
    def face_number(self) -> int | None:
        face = self.cleaned_data["face"]
        return None if face == MISSED else int(face)

    @property
    def consent_pk(self) -> int | None:
        chosen = self.cleaned_data.get("consent")
        return int(chosen) if chosen else None


def record_label(record: Any) -> str:
    """A consent record as the tag form's list shows it: the name, who they are, the platforms and last day."""
    platforms = ", ".join(record.platform_names) or "no platform"
    kind = record.get_person_kind_display().lower()
    return f"{record.name} ({kind}; {platforms}; until {record.expires_on:%d %b %Y})"


class TagRemoveForm(GovukForm):
    """No fields: the button that takes a tag off an image of a draft."""
