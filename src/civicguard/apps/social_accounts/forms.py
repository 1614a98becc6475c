"""The business case's sections, the decision, the account's record and the inappropriate providers: what the
pages read. The rules (who may, what must be complete) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms

from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.social_accounts.models import PLATFORMS
from civicguard.apps.social_accounts.services import MAX_TEXT, SECTIONS
from civicguard.common.forms import FieldOptions, GovukDateField, GovukForm


def _text(label: str, hint: str = "", *, rows: int = 5, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=hint, required=required, max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {label[:1].lower() + label[1:]}",
                        "max_length": f"{label} must be {MAX_TEXT} characters or fewer"})


def _areas(council: Council) -> list[tuple[str, str]]:
    return [("", "Choose a service area")] + [(str(a.pk), a.name) for a in ServiceArea.objects.filter(
        council=council)]


class _CouncilForm(GovukForm):
    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council = council
        if "service_area" in self.fields:
            field = self.fields["service_area"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = _areas(council)


class CaseStartForm(_CouncilForm):
    title = forms.CharField(label="What is the account called?", max_length=200,
                            help_text="The name residents will see, for example St Helens Libraries",
                            error_messages={"required": "Enter the name of the account",
                                            "max_length": "The name must be 200 characters or fewer"})
    field_options = {"title": FieldOptions(label_size="l", page_heading=True)}


class AboutForm(_CouncilForm):
    title = forms.CharField(label="Name of the account", max_length=200,
                            error_messages={"required": "Enter the name of the account"})
    service_area = forms.ChoiceField(label="Service area", choices=[],
                                     error_messages={"required": "Select the service area the account is for"})
    platform = forms.ChoiceField(label="Platform", choices=PLATFORMS, widget=forms.RadioSelect,
                                 error_messages={"required": "Select the platform"})
    handle = forms.CharField(label="Proposed handle (optional)", max_length=200, required=False,
                             help_text="For example @StHelensLibraries. It can be settled when the account is made.")
    purpose = _text("Purpose", "What the account is for and why the council's existing accounts cannot do it")
    audience = _text("Audience", "Who the account is for")
    field_options = {"platform": FieldOptions(label_size="m", classes="govuk-radios--small"),
                     "title": FieldOptions(label_size="m"), "service_area": FieldOptions(label_size="m"),
                     "handle": FieldOptions(label_size="m", classes="govuk-input--width-20"),
                     "purpose": FieldOptions(label_size="m"), "audience": FieldOptions(label_size="m")}


class PeopleForm(_CouncilForm):
    posters = _text("Who will post", "The officers who will post, and their cover when they are away")
    moderators = _text("Who will moderate", "Who will read and moderate residents' comments and messages")
    hours_covered = _text("Hours covered", "When the account is watched, for example Monday to Friday, 9am to "
                          "5pm, and what residents are told outside those hours", rows=3)
    field_options = {n: FieldOptions(label_size="m") for n in ("posters", "moderators", "hours_covered")}


class ContentForm(_CouncilForm):
    content_plan = _text("Content plan", "What will be posted, how often, and where the content comes from")
    success_measures = _text("How success is measured", "For example reach, engagement, or fewer phone calls")
    field_options = {n: FieldOptions(label_size="m") for n in ("content_plan", "success_measures")}


class RisksForm(_CouncilForm):
    risks = _text("Risks", "What could go wrong and how it will be managed, including resourcing")
    feedback_arrangements = _text(
        "Feedback and complaints arrangements",
        "How residents can give feedback or complain about the account. This is shown on the public register "
        "when the account goes live.")
    field_options = {n: FieldOptions(label_size="m") for n in ("risks", "feedback_arrangements")}


SECTION_FORMS: dict[str, type[_CouncilForm]] = {"about": AboutForm, "people": PeopleForm,
                                                 "content": ContentForm, "risks": RisksForm}


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Your decision", widget=forms.RadioSelect,
        choices=[("approve", "Approve"), ("return", "Return for changes"), ("refuse", "Refuse")],
        error_messages={"required": "Select approve, return for changes or refuse"})
    reason = forms.CharField(label="Reasons for your decision", max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 5}),
                             help_text="The person who wrote the case reads these. They are kept in the audit trail.",
                             error_messages={"required": "Enter the reasons for your decision"})
    field_options = {"decision": FieldOptions(label_size="m"), "reason": FieldOptions(label_size="m")}


class AccountCreateForm(GovukForm):
    handle = forms.CharField(label="Handle", max_length=200, help_text="As the platform shows it, for example "
                             "@StHelensLibraries", error_messages={"required": "Enter the account's handle"})
    profile_url = forms.CharField(label="Profile address (optional)", required=False, max_length=500,
                                  help_text="Leave empty to use the platform's usual address for the handle")
    platform_id = forms.CharField(label="Platform ID (optional)", required=False, max_length=200,
                                  help_text="The platform's own number for the account, for receiving comments")
    login_email = forms.CharField(
        label="Login e-mail", max_length=254, required=False,
        help_text="A council address used only to sign in to the platform. It is stored and never shown again.")
    conditions_version = forms.CharField(label="Conditions of use accepted: version (optional)", required=False,
                                         max_length=200, help_text="For example 'Terms of Service, 2025'")
    conditions_accepted_on = GovukDateField(label="Date the conditions of use were accepted (optional)",
                                            required=False, error_name="The date the conditions were accepted")
    field_options = {"handle": FieldOptions(classes="govuk-input--width-20"),
                     "login_email": FieldOptions(classes="govuk-input--width-20")}


class AccountEditForm(AccountCreateForm):
    login_email = forms.CharField(
        label="New login e-mail (optional)", max_length=254, required=False,
        help_text="Leave empty to keep the address recorded. It is never shown.")
    identifies_council = forms.BooleanField(label="The profile clearly identifies the council", required=False)
    branding_appropriate = forms.BooleanField(label="The council's branding is used appropriately", required=False)
    feedback_info = forms.CharField(
        label="Feedback and complaints information", max_length=MAX_TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="How residents can give feedback or complain. It is shown on the public register.")
    field_options = {**AccountCreateForm.field_options, "feedback_info": FieldOptions(label_size="m")}


class ProviderForm(GovukForm):
    platform = forms.ChoiceField(label="Provider", choices=[("", "Choose a provider"), *PLATFORMS],
                                 error_messages={"required": "Select the provider"})
    reason = forms.CharField(label="Why the council deems it inappropriate", max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="A business case for this provider is refused with this reason.",
                             error_messages={"required": "Enter why the council deems it inappropriate"})
    field_options = {"platform": FieldOptions(label_size="m"), "reason": FieldOptions(label_size="m")}


class SectionChoiceForm(GovukForm):
    """Which section of the case a link opens (`?section=about`): a section the case does not have is a 404."""

    section = forms.ChoiceField(choices=[(slug, heading) for slug, heading, _ in SECTIONS])


class EndorsementForm(GovukForm):
    decision = forms.ChoiceField(
        label="Do you endorse this business case?", widget=forms.RadioSelect,
        choices=[("endorse", "Endorse it: send it to the approver"), ("return", "Return it for changes")],
        error_messages={"required": "Select endorse or return for changes"})
    reason = forms.CharField(label="Your comments", max_length=MAX_TEXT, required=False,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="Needed when you return it: say what the author should change. The author "
                                       "and the approver read these.")
    field_options = {"decision": FieldOptions(label_size="m"), "reason": FieldOptions(label_size="s")}


class CloseForm(GovukForm):
    reason = forms.CharField(label="Why is the account closing?", max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="It is kept in the account's record and the audit trail.",
                             error_messages={"required": "Enter why the account is closing"})
    field_options = {"reason": FieldOptions(label_size="s")}
