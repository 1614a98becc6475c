"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "Photos and video"

EVENT_LABELS: dict[str, str] = {
    "media.item.upload": "Image uploaded (location and device data removed from the copy kept for posting)",
    "media.item.view": "Image viewed",
    "media.item.download": "Image downloaded",
    "media.item.download_refuse": "Image download refused (not from the council's network)",
    "media.item.delete": "Image deleted (its files erased)",
    "media.item.analyse_fail": "Image could not be analysed: a person must look at it",
}

OBJECT_NAMES: dict[str, str] = {
    "media.mediaitem": "Image",
}

OBJECT_PAGES: dict[str, str] = {
    "media.mediaitem": "media:detail",
}

FIELD_LABELS: dict[str, str] = {
    "kind": "Kind",
    "purpose": "For",
    "sha256": "Fingerprint (SHA-256)",
    "size": "Size (bytes)",
    "width": "Width (pixels)",
    "height": "Height (pixels)",
    "content_type": "File type",
    "location_removed": "Location data removed",
    "device_removed": "Device data removed",
    "via": "Through",
    "address": "From address",
    "reason": "Why",
}

VALUE_LABELS = {
    "kind": {"image": "Image", "video": "Video"},
    "purpose": {"post": "An official post", "personal-check": "A personal post being checked",
                "comment-attachment": "A resident's comment"},
    "via": {"page": "The web pages", "api": "The API"},
}
