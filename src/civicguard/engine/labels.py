"""Plain-English names for the engine's vocabulary (model.CATEGORIES, Severity, verdicts).

The codes stay what the API, the exports and the packs use; these names are what a person reads on a page or in
the command line's output. The packs give each rule a message and a remedy but no name per category, so the
names live here, once, beside the vocabulary. tests/engine/test_labels.py fails when a category has no name.
"""

from __future__ import annotations

CATEGORY_LABELS: dict[str, str] = {
    "personal_data": "Personal information",
    "offensive": "Offensive language",
    "discrimination": "Discrimination",
    "defamation": "Possible defamation",
    "confidential": "Confidential information",
    "criticism": "Criticism that could bring the council into disrepute",
    "personal_view": "Personal view presented as the council's",
    "political": "Political content",
    "council_email": "Council email address",
    "safeguarding": "Safeguarding",
    "inappropriate_link": "Unsuitable link",
    "public_case_handling": "Someone's case handled in public",
    "service_request": "Service request",
    "complaint": "Complaint",
    "press_enquiry": "Press enquiry",
    "consent": "Image consent",
    "sexual_image": "Sexual image",
    "platform_fit": "Too long for the platform",
}

# A finding's severity, as the tag beside it reads.
SEVERITY_LABELS: dict[str, str] = {
    "block": "Must not go out",
    "warn": "Needs a decision",
    "info": "For information",
}

# A whole check's verdict (verdict.verdict_of: the worst severity found; info never blocks, so it passes).
VERDICT_LABELS: dict[str, str] = {
    "pass": "Passed",
    "warn": "Warning",
    "block": "Blocked",
}


def _readable(code: str) -> str:
    words = code.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def category_label(code: str) -> str:
    """`personal_data` -> "Personal information"; a code not in the vocabulary still reads as words."""
    return CATEGORY_LABELS.get(code) or _readable(code)


def severity_label(code: str) -> str:
    return SEVERITY_LABELS.get(code) or _readable(code)


def verdict_label(code: str) -> str:
    return VERDICT_LABELS.get(code) or _readable(code)
