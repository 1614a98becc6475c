"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

from civicguard.engine.labels import CATEGORY_LABELS, SEVERITY_LABELS, VERDICT_LABELS

AREA = "Audit trail"

EVENT_LABELS: dict[str, str] = {
    "audit.log.export": "Audit trail downloaded",
    "audit.chain.upgrade": "Audit trail sealed with the audit key",
}

FIELD_LABELS: dict[str, str] = {
    "format": "Format",
    "event": "Events",
    "actor": "Who",
    "since": "From",
    "until": "Until",
    # audit.chain.upgrade (apps/audit/upgrade.py)
    "old_entries": "Entries written before the audit key",
    "rechained": "Re-chained with the audit key",
    "sha256_tip": "Last hash of the old SHA-256 chain",
    "legacy_until": "Kept as written, up to entry",
    "legacy_tip": "Hash of the last entry kept as written",
    "old_problem_count": "Problems found in the old chain",
    "old_problems": "Problems in the old chain",
}

# The engine's codes, wherever an entry records them (engine/labels.py is their one source of names).
VALUE_LABELS = {
    "verdict": VERDICT_LABELS,
    "severity": SEVERITY_LABELS,
    "categories": CATEGORY_LABELS,
    "category": CATEGORY_LABELS,
    "format": {"csv": "CSV", "json": "JSON"},
}
