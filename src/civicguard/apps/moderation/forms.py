"""The forms of the moderator's pages, drawn by the GOV.UK renderer (common/forms).

They read what was sent and show it again with its errors. What is allowed stays in the services (decisions.decide,
decide_many, routing.route_comment, ingest.dead_letter_resolve, records.export_comments) and the queue's filter
(selectors.QueueFilter), which the API calls too: so the action, the reason and the route are texts the service
checks, drawn as the choices the pack offers, and a wrong one gets the service's message.

Several forms share a page, so their ids differ: on a comment's page the decision's fields are `#action`,
`#reason_code`, `#note`; the removal answer's `#removal_note`; the hand-off's `#route`, `#route_reason_code`,
`#reply`, `#route_note`. The page's script reads `data-cg-action` on each action, `data-actions` on each reason
(the actions it fits) and `data-reply` on each route (its standard reply).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.html import format_html

from civicguard.apps.moderation.models import SEVERITY_RANK, Action, CommentStatus
from civicguard.apps.moderation.selectors import AGES
from civicguard.apps.moderation.services.routing import MAX_REPLY
from civicguard.common.forms import FieldOptions, GovukDateField, GovukDateInput, GovukForm
from civicguard.engine.labels import category_label, severity_label
from civicguard.engine.model import CATEGORIES
from civicguard.engine.packs.schema import ReasonCode

AGE_LABELS = {"1h": "1 hour", "4h": "4 hours", "24h": "24 hours", "7d": "7 days"}
MAX_SUBJECT = 200


def _reason_label(reason: ReasonCode) -> str:
    return f"{reason.label} ({', '.join(reason.clauses)})" if reason.clauses else reason.label


def _chosen_text(label: str, *, rows: int = 2, help_text: str = "", attrs: dict[str, Any] | None = None
                 ) -> forms.CharField:
    """A text the service reads as typed (it strips and limits it, with its own message)."""
    return forms.CharField(label=label, help_text=help_text, required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": rows, **(attrs or {})}))


def _choice(label: str, choices: list[tuple[str, Any]], *, help_text: str = "", radios: bool = False,
            attrs: dict[str, Any] | None = None) -> forms.CharField:
    """Drawn as these choices, read as a text: the service says what is wrong with a value it does not take."""
    widget = forms.RadioSelect if radios else forms.Select
    return forms.CharField(label=label, help_text=help_text, required=False,
                           widget=widget(choices=choices, attrs=attrs))


def _edit_count(value: str) -> int | None:
    """The edit count a form was shown (so a decision on a comment edited since is refused); None if not given."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


class _Edits(forms.Form):
    """The comment's edit count when the page was drawn (hidden), so a decision on a comment edited since is
    refused. After a refusal the page draws the count now (`form.show(edits=...)`), so sending again works."""

    edits = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_edits(self) -> int | None:
        return _edit_count(self.cleaned_data.get("edits") or "")


class _ReasonNote(forms.Form):
    field_options: dict[str, FieldOptions] = {}
    reason_code = _choice("Reason", [], help_text="The reason from the policy. Each reason fits only some actions.",
                          attrs={"data-cg-reason": True})
    note = _chosen_text("Note (optional)")

    def offer_reasons(self, reasons: Iterable[ReasonCode], actions: Iterable[str]) -> None:
        """The pack's reasons that fit at least one of `actions`, each saying which (for the page's script)."""
        wanted = [str(a) for a in actions]
        fitting = [(r, [a for a in r.actions if a in wanted]) for r in reasons]
        fitting = [(r, fits) for r, fits in fitting if fits]
        self.fields["reason_code"].widget.choices = [("", "Choose a reason"),
                                                     *((r.code, _reason_label(r)) for r, _ in fitting)]
        self.field_options = {**self.field_options, "reason_code": FieldOptions(
            choice_attrs={r.code: {"data-actions": " ".join(fits)} for r, fits in fitting})}


class DecideForm(_ReasonNote, _Edits, GovukForm):
    """A moderator's decision on one comment: approve, hide, remove or escalate, with the pack's reason."""

    action = _choice("What to do with the comment", [], radios=True)
    field_order = ["edits", "action", "reason_code", "note"]
    error_anchor = "actions"  # a refusal of the whole decision shows at the top of the page's actions

    def __init__(self, *args: Any, actions: Iterable[str], reasons: Iterable[ReasonCode],
                 removal_waits: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = [str(a) for a in actions]
        self.fields["action"].widget.choices = [
            (a, format_html('{} <span class="govuk-visually-hidden">(shortcut {})</span>', Action(a).label, a[0]))
            for a in actions]
        self.fields["action"].help_text = ("A removal waits until a second person confirms it." if removal_waits
                                           else "A removal is final.")
        self.field_options = {"action": FieldOptions(label_size="s", classes="govuk-radios--small",
                                                     choice_ids="first",
                                                     every_choice_attrs={"data-cg-action": True})}
        self.offer_reasons(reasons, actions)

    def clean_action(self) -> str:
        action = str(self.cleaned_data.get("action") or "")
        if not action:
            raise forms.ValidationError("Choose what to do with the comment", code="required")
        return action


class RemovalForm(_Edits, GovukForm):
    """A second person's answer to a removal someone else asked for: the buttons post `action`."""

    action = forms.ChoiceField(
        choices=[(str(Action.CONFIRM_REMOVAL), "Confirm removal"), (str(Action.REFUSE_REMOVAL), "Refuse removal")],
        widget=forms.HiddenInput,
        error_messages={"required": "Choose to confirm or refuse the removal",
                        "invalid_choice": "Choose to confirm or refuse the removal"})
    note = _chosen_text("Note (optional)")
    id_prefix = "removal_"
    error_anchor = "actions"


class RouteForm(_Edits, GovukForm):
    """Send a comment to another team, with the pack's reason and a suggested public reply (checked as a reply)."""

    route = _choice("Send to", [], attrs={"id": "route", "data-cg-route": True})
    reason_code = _choice("Reason", [])
    reply = _chosen_text("Suggested public reply", rows=5, help_text=(
        "Post it on the platform yourself. It points the person to direct contact, and is checked against the "
        "policy as a reply. Leave it empty to use the team's standard reply."),
                         attrs={"id": "reply", "data-cg-reply": True})
    note = _chosen_text("Note for the team (optional)")
    check_reply = forms.BooleanField(required=False, widget=forms.HiddenInput)  # the "Check reply" button
    id_prefix = "route_"
    error_anchor = "actions"
    error_fields = {"action": "route"}

    def __init__(self, *args: Any, routes: list[dict[str, Any]], reasons: Iterable[ReasonCode],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["route"].widget.choices = [("", "Choose a team"), *(
            (r["value"], f"{r['name']} (urgent)" if r["urgent"] else r["name"]) for r in routes)]
        self.fields["reason_code"].widget.choices = [("", "Choose a reason"),
                                                     *((r.code, _reason_label(r)) for r in reasons)]
        self.field_options = {"route": FieldOptions(choice_attrs={"": {"data-reply": ""}, **{
            r["value"]: {"data-reply": r["reply"]} for r in routes}}), "reply": FieldOptions(character_count=MAX_REPLY)}

    def clean_reply(self) -> str:
        reply = str(self.cleaned_data.get("reply") or "")
        if len(reply) > MAX_REPLY:
            raise forms.ValidationError(f"The suggested reply must be {MAX_REPLY} characters or fewer",
                                        code="max_length")
        return reply


class HideTooForm(_Edits, GovukForm):
    """After a safeguarding hand-off: "Do you want to hide comment N too?" Yes hides it with the pack's reason."""

    hide = forms.ChoiceField(choices=[("yes", "Yes, hide it"), ("no", "No, leave it visible")],
                             widget=forms.RadioSelect(attrs={"id": "hide"}), error_messages={
                                 "required": "Select yes if you want to hide the comment too",
                                 "invalid_choice": "Select yes if you want to hide the comment too"})
    reason_code = _choice("Reason for hiding it", [], help_text="Only needed if you hide it.",
                          attrs={"id": "hide_reason"})
    note = _chosen_text("Note (optional)")
    id_prefix = "hide_"
    error_fields = {"action": "hide"}

    def __init__(self, *args: Any, question: str, hint: str, reasons: Iterable[ReasonCode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hide"].label = question
        self.fields["hide"].help_text = hint
        self.fields["reason_code"].widget.choices = [("", "Choose a reason"),
                                                     *((r.code, _reason_label(r)) for r in reasons)]
        self.field_options = {"hide": FieldOptions(label_size="l", page_heading=True, choice_ids="first",
                                                   classes="govuk-radios--inline")}


class BulkForm(_ReasonNote, GovukForm):
    """The same decision for every comment chosen in the queue. Each row posts `ids` (its checkbox) and
    `seen-<id>` (the edit count it was shown with), read here for the comments chosen."""

    ids = forms.Field(required=False, widget=forms.MultipleHiddenInput(attrs={"id": "comments"}))
    action = _choice("Action", [], attrs={"data-cg-action": True})
    next = forms.CharField(required=False, widget=forms.HiddenInput)
    field_order = ["ids", "action", "reason_code", "note", "next"]
    error_anchor = "comments"  # the list of comments
    error_fields = {"comments": "ids"}

    def __init__(self, *args: Any, actions: Iterable[str], reasons: Iterable[ReasonCode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = [str(a) for a in actions]
        self.fields["action"].widget.choices = [("", "Choose an action"), *((a, Action(a).label) for a in actions)]
        self.offer_reasons(reasons, actions)

    def clean_ids(self) -> list[int]:
        ids = self.cleaned_data.get("ids") or []
        if not isinstance(ids, list) or not all(isinstance(i, str) and i.isascii() and i.isdigit() and len(i) < 19
                                                for i in ids):
            raise forms.ValidationError("Choose comments from the list", code="invalid")
        if not ids:  # a field that is not there (the service says so too, for the API)
            raise forms.ValidationError("Choose at least one comment", code="required")
        return sorted({int(i) for i in ids})

    def clean_action(self) -> str:
        action = str(self.cleaned_data.get("action") or "")
        if not action:
            raise forms.ValidationError("Choose what to do with the comments", code="required")
        return action

    @property
    def chosen(self) -> set[str]:
        """The ids ticked, as sent (to tick them again when the page is drawn with an error)."""
        value = self["ids"].value()
        return {str(v) for v in value} if isinstance(value, list) else set()

    def seen(self) -> dict[int, int]:
        """The edit count each chosen comment was shown with (`seen-<id>`), where it was sent."""
        out = {}
        for pk in self.cleaned_data.get("ids", []):
            count = _edit_count(str(self.data.get(f"seen-{pk}") or ""))
            if count is not None:
                out[pk] = count
        return out


class ResolveForm(GovukForm):
    """Mark a dead letter as dealt with, saying how."""

    resolution = _chosen_text("How it was dealt with", rows=3, help_text=(
        "For example, “spam, nothing to do” or “asked the platform to send it again”. Up to 500 characters."))
    error_anchor = "letter-actions"


class RetakeForm(GovukForm):
    """Take a dead letter's comment into the queue again (a button: nothing to fill in)."""

    error_anchor = "letter-actions"


class BackForm(GovukForm):
    """A button that comes back to the page it was pressed on (`next`, checked by the view to be this site's)."""

    next = forms.CharField(required=False, widget=forms.HiddenInput)


# ---- the query-string forms of the list pages ----------------------------------------------------------------

class QueueFilterForm(GovukForm):
    """The queue's filters (a GET form). The values are checked by selectors.QueueFilter, as the API's are."""

    status = _choice("Status", [])
    account = _choice("Account", [])
    category = _choice("Category", [])
    severity = _choice("Severity at least", [])
    older_than = _choice("Waiting at least", [("", "Any time"), *((k, AGE_LABELS.get(k, k)) for k in AGES)])
    newer_than = _choice("Arrived within", [("", "Any time"), *((k, AGE_LABELS.get(k, k)) for k in AGES)])

    def __init__(self, *args: Any, accounts: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        severities = sorted((s for s in SEVERITY_RANK if s), key=SEVERITY_RANK.__getitem__, reverse=True)
        self.fields["status"].widget.choices = [("queue", "Waiting for a moderator"), ("all", "All comments"),
                                                *CommentStatus.choices]
        self.fields["account"].widget.choices = [("", "All accounts"), *(
            (str(a.pk), f"{a.handle} ({a.get_platform_display()})") for a in accounts)]
        self.fields["category"].widget.choices = [("", "All categories"), *(
            (c, category_label(c)) for c in sorted(CATEGORIES))]
        self.fields["severity"].widget.choices = [("", "Any"), *((s, severity_label(s)) for s in severities)]

    @property
    def filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


class DeadLettersFilterForm(GovukForm):
    """Which dead letters to list: those not dealt with, or all (`?resolved=1`)."""

    resolved = forms.ChoiceField(choices=[("", "Not yet dealt with"), ("1", "All")], required=False)

    @property
    def show_resolved(self) -> bool:
        return self.is_valid() and self.cleaned_data["resolved"] == "1"


class ExportForm(GovukForm):
    """The comments export (a GET form: the answer is a download). Its shape is checked here; the service
    (records.export_comments) checks the account is the council's and the dates are in order."""

    download = forms.CharField(required=False, initial="1", widget=forms.HiddenInput)
    account = forms.ChoiceField(label="Account", required=False, error_messages={
        "invalid_choice": "Choose one of this council's accounts"})
    since = GovukDateField(label="Date from (optional)", error_name="Date from", required=False,
                           widget=GovukDateInput(iso=True),
                           help_text="The day the comments were made on the platform, for example 27 3 2026")
    until = GovukDateField(label="Date to (optional)", error_name="Date to", required=False,
                           widget=GovukDateInput(iso=True),
                           help_text="The day the comments were made on the platform, for example 27 3 2026")
    format = forms.ChoiceField(label="Format", required=False, initial="csv", choices=[("csv", "CSV (spreadsheet)"),
                                                                         ("json", "JSON")],
                               widget=forms.RadioSelect, error_messages={"invalid_choice": "Choose CSV or JSON"})
    redact = forms.BooleanField(label="Redact third parties' personal data", required=False, help_text=(
        "Personal data the automatic check found is replaced, and other people's names as authors are withheld."))
    subject = forms.CharField(
        label="Data subject's platform id (optional)", required=False, max_length=MAX_SUBJECT,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        help_text="For a subject access request: the requester's own comments stay attributed to them when third "
                  "parties are redacted.",
        error_messages={"max_length": f"The platform id must be {MAX_SUBJECT} characters or fewer"})
    error_fields = {"start": "since", "end": "until"}
    field_options = {
        "since": FieldOptions(label_size="s"), "until": FieldOptions(label_size="s"),
        "format": FieldOptions(label_size="s", classes="govuk-radios--small govuk-radios--inline", choice_ids="first"),
        "redact": FieldOptions(classes="govuk-checkboxes--small"),
        "subject": FieldOptions(classes="govuk-!-width-two-thirds"),
    }

    def __init__(self, *args: Any, accounts: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accounts = {str(a.pk): a for a in accounts}
        self.fields["account"].choices = [("", "All accounts"), *(
            (pk, f"{a.handle} ({a.get_platform_display()})") for pk, a in self.accounts.items())]
        if self.is_bound and not self.data.get("format"):
            self.show(format="csv")  # a link without a format: CSV, as the page offers first

    def clean_format(self) -> str:
        return self.cleaned_data.get("format") or "csv"

    def clean_subject(self) -> str:
        return str(self.cleaned_data.get("subject") or "").strip()

    @property
    def wants_download(self) -> bool:
        return self.is_bound and self.data.get("download") == "1"
