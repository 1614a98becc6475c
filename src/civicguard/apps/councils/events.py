"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py).

`policy.pack.change` is written here: a council's pack version is recorded on the council when its pack loads.
"""

AREA = "Councils and policy packs"

EVENT_LABELS: dict[str, str] = {
    "councils.council.create": "Council set up",
    "councils.service_area.create": "Service area added",
    "policy.pack.change": "Policy pack changed",
}

OBJECT_NAMES: dict[str, str] = {
    "councils.council": "Council",
    "councils.servicearea": "Service area",
}

FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "pack_version": "Policy version",
    "pack_digest": "Policy pack fingerprint",
}
