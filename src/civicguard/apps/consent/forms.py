"""The consent register's forms: the register's filters, recording a consent (the signed form or the e-form, and
the children's protocol), a withdrawal and a takedown's confirmation. The forms check the shape of what was typed;
what is required (the staff declaration, the child's file, the signed form...) stays in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from civicguard.apps.consent.models import ConsentFrom, FormKind, LawfulBasis, LookedAfter, PersonKind
from civicguard.apps.consent.services import DECLARATIONS, MAX_NAME, MAX_REFERENCE, MAX_TEXT
from civicguard.apps.social_accounts.models import PLATFORMS
from civicguard.common.forms import FieldOptions, GovukDateField, GovukForm

FORM_TYPES = "application/pdf,image/jpeg,image/png"
STATUSES = [("", "Any"), ("current", "Current"), ("expired", "Expired"), ("withdrawn", "Withdrawn")]


class RegisterFilterForm(GovukForm):
    q = forms.CharField(label="Name", required=False, max_length=MAX_NAME)
    kind = forms.ChoiceField(label="Who", required=False, choices=[("", "Anyone"), *PersonKind.choices])
    status = forms.ChoiceField(label="Status", required=False, choices=STATUSES)
    platform = forms.ChoiceField(label="Platform", required=False, choices=[("", "Any"), *PLATFORMS])
    field_options = {"q": FieldOptions(label_size="s", classes="govuk-!-width-full"),
                     "kind": FieldOptions(label_size="s"), "status": FieldOptions(label_size="s"),
                     "platform": FieldOptions(label_size="s")}


def _file(label: str, hint: str, required_message: str = "") -> forms.FileField:
    return forms.FileField(label=label, required=False, help_text=hint,
                           error_messages={"empty": "The selected file is empty", "required": required_message},
                           widget=forms.FileInput(attrs={"accept": FORM_TYPES}))


class RecordForm(GovukForm):
    person_kind = forms.ChoiceField(label="Who is the person?", choices=PersonKind.choices,
                                    widget=forms.RadioSelect,
                                    error_messages={"required": "Select who the person is"})
    name = forms.CharField(label="Their full name", max_length=MAX_NAME,
                           error_messages={"required": "Enter the name of the person in the photos or videos"})
    staff_record = forms.ChoiceField(label="Their staff record (a member of staff)", required=False,
                                     help_text="From HR's records, if they are there.")
    platforms = forms.MultipleChoiceField(label="Which platforms does the consent cover?", choices=PLATFORMS,
                                          required=False, widget=forms.CheckboxSelectMultiple,
                                          help_text="Only the platforms named on the form.")
    purposes = forms.CharField(label="What will the photos or videos be used for?", max_length=MAX_TEXT,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages={"required": "Enter what the photos or videos will be used for"})
    media_description = forms.CharField(
        label="Which photos or videos does it cover?", max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The event, the day, the occasion.",
        error_messages={"required": "Describe the photos or videos the consent covers"})
    lawful_basis = forms.ChoiceField(label="Lawful basis", choices=LawfulBasis.choices, initial="consent",
                                     widget=forms.RadioSelect,
                                     help_text="Ask Legal if you are not sure. Written consent is needed whatever "
                                               "the basis.",
                                     error_messages={"required": "Select the lawful basis"})
    obtained_by = forms.ChoiceField(label="Who obtained the consent?", required=False,
                                    help_text="The member of staff who got the form signed. Leave it for yourself.")
    obtained_on = GovukDateField(label="When was consent given?", error_name="The date consent was given",
                                 help_text="For example 6 12 2026.")
    expires_on = GovukDateField(label="What is the last day it covers?", error_name="The last day",
                                help_text="Up to 3 years after it was given.")
    told_free_to_refuse = forms.BooleanField(
        label="The member of staff was told they could refuse, without any consequence, and felt under no pressure "
              "to agree", required=False)
    form_kind = forms.ChoiceField(label="How was consent given in writing?", choices=FormKind.choices,
                                  widget=forms.RadioSelect,
                                  error_messages={"required": "Select how consent was given in writing"})
    form = _file("The signed consent form", "A scan or photo of the signed form: PDF, JPEG or PNG. It is kept "
                 "privately; every look at it is logged.")
    typed_name = forms.CharField(label="Signature: the person giving consent types their full name", required=False,
                                 max_length=MAX_NAME)
    declarations = forms.MultipleChoiceField(label="Declarations", required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             choices=list(DECLARATIONS.items()),
                                             help_text="The person giving consent reads and ticks each that applies "
                                                       "to them.")
    # A child or young person (Sefton 5.5.4).
    consent_from = forms.ChoiceField(label="Who gave consent for the child?", choices=ConsentFrom.choices,
                                     required=False, widget=forms.RadioSelect)
    consent_from_name = forms.CharField(label="Their name", required=False, max_length=MAX_NAME)
    age_understanding = forms.CharField(
        label="If the young person consented themselves: why are they of an age and understanding to do so?",
        required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    file_reference = forms.CharField(label="The child's file reference", required=False, max_length=MAX_REFERENCE,
                                     help_text="Where the written consent is placed.")
    child_purpose = forms.CharField(label="The clear, child-centred purpose", required=False, max_length=MAX_TEXT,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    explained_to_child = forms.BooleanField(
        label="The purpose was explained to the child, according to their age, development and understanding",
        required=False)
    explained_to_carer = forms.BooleanField(label="The purpose was explained to the parent or carer",
                                            required=False)
    not_explained_reason = forms.CharField(
        label="If not explained to the parent or carer: the specific reasons, and the social worker's permission",
        required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    looked_after = forms.ChoiceField(label="Is the child, or has the child been, looked after?",
                                     choices=LookedAfter.choices, required=False, widget=forms.RadioSelect,
                                     help_text="Fostered, in care, or previously in care. If so, no image of them "
                                               "will ever be posted on social media.")
    display_form = _file("The separate public display permission form",
                         "Needed before a child's image is used for publicity, including the council's posts, "
                         "signed by someone with parental responsibility.")

    def __init__(self, *args: Any, staff_records: list[tuple[str, str]], colleagues: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff_record"].choices = [("", "Not on HR's records, or not staff"), *staff_records]
        self.fields["obtained_by"].choices = [("", "You"), *colleagues]
        limit = settings.CIVICGUARD_MAX_UPLOAD_BYTES // (1024 * 1024)
        for name in ("form", "display_form"):
            chosen = self.files.get(name)
            if chosen is not None and chosen.name:
                self.fields[name].help_text += f" You chose {chosen.name}: choose it again."
            self.fields[name].help_text += f" Up to {limit} MB."
        self.field_options = {
            "person_kind": FieldOptions(label_size="m"), "name": FieldOptions(label_size="m"),
            "staff_record": FieldOptions(label_size="s"), "platforms": FieldOptions(label_size="m"),
            "purposes": FieldOptions(label_size="m", character_count=MAX_TEXT),
            "media_description": FieldOptions(label_size="m", character_count=MAX_TEXT),
            "lawful_basis": FieldOptions(label_size="s"), "obtained_by": FieldOptions(label_size="s"),
            "obtained_on": FieldOptions(label_size="m"),
            "expires_on": FieldOptions(label_size="m"), "form_kind": FieldOptions(label_size="m"),
            "form": FieldOptions(label_size="s"), "typed_name": FieldOptions(label_size="s"),
            "declarations": FieldOptions(label_size="s"), "consent_from": FieldOptions(label_size="s"),
            "looked_after": FieldOptions(label_size="s"), "display_form": FieldOptions(label_size="s"),
        }

    @staticmethod
    def read(chosen: Any) -> tuple[str, bytes] | None:
        """A chosen file's name and contents, read to one byte past the limit (enough to know it is too large)."""
        if not chosen:
            return None
        return str(chosen.name or ""), chosen.read(settings.CIVICGUARD_MAX_UPLOAD_BYTES + 1)


class WithdrawForm(GovukForm):
    reason = forms.CharField(label="How and when did the person withdraw their consent?", max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="For example: phoned Corporate Communications on 6 December.",
                             error_messages={"required": "Enter how and when the person withdrew their consent"})
    field_options = {"reason": FieldOptions(label_size="m", character_count=MAX_TEXT)}


class ConfirmForm(GovukForm):
    note = forms.CharField(label="What was done?", max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Where the post was removed from, and when.",
                           error_messages={"required": "Say what was done: where the post was removed from, and "
                                                       "when"})
    field_options = {"note": FieldOptions(label_size="m", character_count=MAX_TEXT)}


class PermissionForm(GovukForm):
    employee = forms.ChoiceField(label="Which employee may post images of this person on their own accounts?",
                                 error_messages={"required": "Choose the employee",
                                                 "invalid_choice": "Choose one of the council's staff"})
    legal_advice = forms.CharField(
        label="Legal's advice", max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who in Legal advised, when, and the reference. Permission is given only after Legal's advice.",
        error_messages={"required": "Record Legal's advice first: who gave it, when, and its reference"})
    permission_expires_on = GovukDateField(label="Last day of the permission", error_name="The last day",
                                           help_text="No later than the person's own consent.")

    def __init__(self, *args: Any, employees: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee"].choices = [("", "Choose an employee"), *employees]
        self.field_options = {"employee": FieldOptions(label_size="s"), "legal_advice": FieldOptions(
            label_size="s", character_count=MAX_TEXT), "permission_expires_on": FieldOptions(label_size="s")}


class PermissionWithdrawForm(GovukForm):
    """No fields: the button that withdraws a permission (so the view reads nothing by hand)."""
