"""The staff records' forms: a record, a service area and its manager, HR's export, and the "politically
restricted" form (St Helens 5.7). The forms check the shape of the input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from civicguard.apps.people.csvfile import COLUMNS
from civicguard.apps.people.models import EmploymentType
from civicguard.apps.people.services import MAX_REASON
from civicguard.common.forms import FieldOptions, GovukForm


class RestrictionForm(GovukForm):
    restricted = forms.ChoiceField(
        label="Is this person's post politically restricted?", widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")],
        help_text="A politically restricted post limits what the person may say about politics, including on their "
                  "own social media.",
        error_messages={"required": "Select yes if the post is politically restricted",
                        "invalid_choice": "Select yes or no"})
    reason = forms.CharField(
        label="Reason for the change", max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the post's grade or duties, or the exemption granted. It is kept in the audit trail.",
        error_messages={"required": "Enter the reason for the change",
                        "max_length": f"The reason must be {MAX_REASON} characters or fewer"})
    field_options = {"restricted": FieldOptions(label_size="m"),
                     "reason": FieldOptions(label_size="m", character_count=MAX_REASON)}


def _record_choices(council: Any, *, but: Any = None, blank: str = "None") -> list[tuple[str, str]]:
    from civicguard.apps.people.models import StaffRecord

    records = StaffRecord.objects.filter(council=council, active=True).order_by("name")
    if but is not None:
        records = records.exclude(pk=but.pk)
    return [("", blank), *((str(r.pk), f"{r.name} ({r.work_email})") for r in records)]


def _area_choices(council: Any) -> list[tuple[str, str]]:
    from civicguard.apps.councils.models import ServiceArea

    return [("", "None"), *((str(a.pk), a.name) for a in ServiceArea.objects.filter(council=council)
                                                         .order_by("name"))]


def _council_users(council: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(role_assignments__council=council).distinct().order_by("username")


def _user_choices(council: Any) -> list[tuple[str, str]]:
    return [("", "None"), *((str(u.pk), f"{u.get_username()} ({u.email})" if u.email else u.get_username())
                            for u in _council_users(council))]


class NewRecordLinkForm(GovukForm):
    """What a link to "Add a staff record" may fill in (`?email=...&name=...`, from HR's "waiting for you" list):
    read as the record form reads them; a value that form would refuse is left out."""

    email = forms.CharField(max_length=254, required=False)
    name = forms.CharField(max_length=200, required=False)

    def record_initial(self) -> dict[str, str]:
        """The record form's initial values: an employee, with the e-mail address and name the link gave."""
        self.is_valid()
        given = {"work_email": self.cleaned_data.get("email"), "name": self.cleaned_data.get("name")}
        return {"employment_type": "employee", **{k: str(v) for k, v in given.items() if v}}


class StaffRecordForm(GovukForm):
    """Add or change a staff record. Whether the post is politically restricted is not here: HR's own page."""

    name = forms.CharField(label="Full name", max_length=200,
                           error_messages={"required": "Enter the person's full name",
                                           "max_length": "The name must be 200 characters or fewer"})
    work_email = forms.CharField(label="Work e-mail address", max_length=254,
                                 help_text="Their council address. It links the record to their CivicGuard sign-in.",
                                 error_messages={"required": "Enter a work e-mail address",
                                                 "max_length": "The e-mail address must be 254 characters or fewer"})
    employment_type = forms.ChoiceField(
        label="How are they employed?", widget=forms.RadioSelect, choices=EmploymentType.choices,
        error_messages={"required": "Select how the person is employed",
                        "invalid_choice": "Select how the person is employed"})
    service_area = forms.ChoiceField(label="Service area", required=False,
                                     error_messages={"invalid_choice": "Select a service area from the list"})
    line_manager = forms.ChoiceField(label="Line manager", required=False,
                                     error_messages={"invalid_choice": "Select a line manager from the list"})
    user = forms.ChoiceField(label="CivicGuard sign-in", required=False,
                             help_text="The sign-in of this person, if they work in CivicGuard. Left empty, a new "
                                       "record is linked to the one sign-in with its e-mail address.",
                             error_messages={"invalid_choice": "Select a sign-in from the list"})
    hr_reference = forms.CharField(label="HR reference (optional)", max_length=100, required=False,
                                   error_messages={"max_length": "The HR reference must be 100 characters or fewer"})
    active = forms.ChoiceField(label="Do they work for the council now?", widget=forms.RadioSelect,
                               choices=[("yes", "Yes"), ("no", "No, they have left")],
                               help_text="A record is never deleted: someone who has left is marked inactive.",
                               error_messages={"required": "Select yes if the person works for the council now"})
    field_options = {"name": FieldOptions(label_size="s"), "work_email": FieldOptions(label_size="s"),
                     "employment_type": FieldOptions(label_size="s"), "service_area": FieldOptions(label_size="s"),
                     "line_manager": FieldOptions(label_size="s"), "user": FieldOptions(label_size="s"),
                     "hr_reference": FieldOptions(label_size="s", classes="govuk-input--width-20"),
                     "active": FieldOptions(label_size="s", classes="govuk-radios--inline")}

    def __init__(self, *args: Any, council: Any, record: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["service_area"].choices = _area_choices(council)
        self.fields["line_manager"].choices = _record_choices(council, but=record)
        self.fields["user"].choices = _user_choices(council)
        if record is None:
            del self.fields["active"]

    def changes(self) -> dict[str, Any]:
        """The cleaned input as the services take it (objects for the service area and the line manager)."""
        from civicguard.apps.councils.models import ServiceArea
        from civicguard.apps.people.models import StaffRecord

        data = dict(self.cleaned_data)
        area, manager = data.pop("service_area"), data.pop("line_manager")
        data["service_area"] = ServiceArea.objects.filter(council=self.council, pk=area).first() if area else None
        data["line_manager"] = StaffRecord.objects.filter(council=self.council, pk=manager).first() if manager else None
        if "active" in data:
            data["active"] = data["active"] == "yes"
        user = data.pop("user")
        data["user"] = _council_users(self.council).filter(pk=user).first() if user else None
        return data


class ServiceAreaForm(GovukForm):
    name = forms.CharField(label="Name of the service area", max_length=200,
                           help_text="As the council names it, for example “Libraries and Heritage”.",
                           error_messages={"required": "Enter the service area's name",
                                           "max_length": "The name must be 200 characters or fewer"})
    manager = forms.ChoiceField(label="Manager", required=False,
                                error_messages={"invalid_choice": "Select a manager from the list"})
    field_options = {"name": FieldOptions(label_size="m"), "manager": FieldOptions(label_size="m")}

    def __init__(self, *args: Any, council: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["manager"].choices = _record_choices(council, blank="Not yet named")

    def manager_record(self) -> Any:
        from civicguard.apps.people.models import StaffRecord

        pk = self.cleaned_data.get("manager")
        return StaffRecord.objects.filter(council=self.council, pk=pk).first() if pk else None


class AreaManagerForm(ServiceAreaForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["name"]


class ImportForm(GovukForm):
    file = forms.FileField(label="HR's export (CSV)", error_messages={"required": "Select HR's export (a CSV file)",
                                                                       "empty": "The selected file is empty"},
                           widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}))
    deactivate_missing = forms.ChoiceField(
        label="People not in this export", widget=forms.RadioSelect,
        choices=[("no", "Leave their records as they are"), ("yes", "Mark them as no longer working for the council")],
        initial="no", help_text="Records are never deleted. Use the second choice only with HR's full export.",
        error_messages={"required": "Select what to do with people not in this export"})
    field_options = {"file": FieldOptions(label_size="m"), "deactivate_missing": FieldOptions(label_size="m")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.CIVICGUARD_MAX_UPLOAD_BYTES // (1024 * 1024)
        self.fields["file"].help_text = (
            f"Saved as CSV UTF-8, up to {limit} MB, with the columns {', '.join(COLUMNS)} on its first line. "
            "You will see what would change before anything is saved.")

    def upload(self) -> tuple[str, bytes]:
        """The chosen file's name and contents, read to one byte past the limit (enough to know it is too large)."""
        chosen = self.cleaned_data["file"]
        return str(chosen.name or "export.csv"), chosen.read(settings.CIVICGUARD_MAX_UPLOAD_BYTES + 1)
