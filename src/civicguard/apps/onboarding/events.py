"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "User Agreements and training"

EVENT_LABELS: dict[str, str] = {
    "onboarding.agreement.publish": "User Agreement version published",
    "onboarding.agreement.sign": "User Agreement signed",
    "onboarding.agreement.record_before": "User Agreement signature recorded from before CivicGuard",
    "onboarding.course.create": "Course added",
    "onboarding.course.update": "Course changed",
    "onboarding.completion.record": "Training completion recorded",
    "onboarding.completion.record_before": "Training completion recorded from before CivicGuard",
    "onboarding.training.import": "Training records imported from the learning system",
    "onboarding.network.refuse": "Refused: not on the council's network",
}

OBJECT_NAMES: dict[str, str] = {
    "onboarding.agreementversion": "User Agreement version",
    "onboarding.agreementsignature": "User Agreement signature",
    "onboarding.course": "Course",
    "onboarding.completion": "Training completion",
}

OBJECT_PAGES: dict[str, str] = {
    "onboarding.course": "onboarding:courses",
}

FIELD_LABELS: dict[str, str] = {
    "effective": "In force from",
    "policy_version": "Policy version",
    "version": "Agreement version",
    "typed_name": "Name typed",
    "name_checked": "Name matched the staff record",
    "personal_devices": "Declared: no personal devices",
    "personal_use_at_work": "Declared: no personal use at work",
    "source": "Recorded from",
    "person": "Person",
    "account": "Account",
    "course": "Course",
    "completed": "Completed on",
    "signed": "Signed on",
    "slug": "Short name",
    "name": "Name",
    "validity_days": "Counts for (days)",
    "doing": "Tried to",
    "address": "Network address",
    "created": "Completions added",
    "unchanged": "Already recorded",
    "bad_rows": "Rows skipped (bad)",
    "rows": "Rows added",
    "bad": "Rows skipped",
}

VALUE_LABELS = {
    "source": {"signed-in-civicguard": "Signed in CivicGuard", "before-civicguard": "Before CivicGuard (paper)",
               "lms-import": "The learning system's export", "line-manager": "A line manager"},
    "doing": {"draft": "Draft a post", "submit": "Send a post for approval", "decide": "Decide on a post",
              "moderate": "Moderate a comment"},
}
