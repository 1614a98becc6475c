"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "Photo consent"

EVENT_LABELS: dict[str, str] = {
    "consent.record.create": "Photo consent recorded",
    "consent.record.read": "Child's consent record read",
    "consent.form.view": "Signed consent form opened",
    "consent.display_form.view": "Public display permission form opened",
    "consent.register.export": "Consent register exported",
    "consent.record.withdraw": "Photo consent withdrawn",
    "consent.record.expire": "Photo consent ended (its last day passed)",
    "consent.takedown.create": "Takedown needed: a published post shows a person whose consent ended",
    "consent.takedown.confirm": "Takedown confirmed",
    "consent.tag.add": "Person tagged in an image",
    "consent.tag.remove": "Tag removed from an image",
    "consent.permission.grant": "Permission given to post images of the person on an employee's own accounts",
    "consent.permission.withdraw": "Permission to post images of the person on an employee's own accounts "
                                   "withdrawn",
}

OBJECT_NAMES: dict[str, str] = {
    "consent.consentrecord": "Photo consent record",
    "consent.takedowntask": "Takedown task",
    "consent.tag": "Tag of a person in an image",
    "consent.register": "Photo consent register",
}

OBJECT_PAGES: dict[str, str] = {
    "consent.consentrecord": "consent:detail",
    "consent.takedowntask": "consent:takedown",
    "consent.register": "consent:register",
}

FIELD_LABELS: dict[str, str] = {
    "person_kind": "Who",
    "name": "Name",
    "platforms": "Platforms",
    "purposes": "Purposes",
    "media_description": "Photos or videos",
    "form_kind": "Form",
    "form_sha256": "Form's fingerprint (SHA-256)",
    "lawful_basis": "Lawful basis",
    "obtained_by": "Obtained by",
    "obtained_on": "Given on",
    "expires_on": "Last day",
    "told_free_to_refuse": "Told they could refuse",
    "consent_from": "Consent given by",
    "looked_after": "Looked after",
    "public_display": "Public display permission",
    "status": "Status",
    "reason": "Reason",
    "via": "Through",
    "records": "Records",
    "children": "Children's records",
    "takedowns": "Takedown tasks",
    "post": "Post",
    "image": "Image",
    "deadline": "Deadline",
    "account": "Account",
    "note": "Note",
    "late": "After the deadline",
    "consent": "Consent record",
    "box": "Face's box (x, y, width, height)",
    "employee": "Employee",
    "legal_advice": "Legal's advice",
}

VALUE_LABELS = {
    "person_kind": {"staff": "Member of staff", "public": "Member of the public", "child": "Child or young person"},
    "form_kind": {"upload": "Signed form, uploaded", "eform": "E-form signed in CivicGuard"},
    "lawful_basis": {"consent": "Consent", "public-task": "Public task", "legitimate-interests":
                     "Legitimate interests", "contract": "Contract"},
    "consent_from": {"parent": "A parent", "carer": "A carer", "social-worker": "The child's social worker",
                     "young-person": "The young person themselves"},
    "looked_after": {"never": "Not looked after", "looked-after": "Looked after",
                     "previously-looked-after": "Previously looked after"},
    "status": {"current": "Current", "withdrawn": "Withdrawn", "open": "Waiting", "confirmed": "Confirmed"},
    "reason": {"withdrawn": "Consent withdrawn", "expired": "Consent expired"},
    "via": {"page": "The web pages", "api": "The API", "cli": "The command line"},
}
