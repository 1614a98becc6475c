"""The report's sections, in the order they are printed. Each module has ``run(ctx) -> Section``."""

from __future__ import annotations

SECTIONS: tuple[str, ...] = (
    "civicguard.evaluation.language:davidson",
    "civicguard.evaluation.language:hatecheck",
    "civicguard.evaluation.language:mlma",
    "civicguard.evaluation.obfuscation:run",
    "civicguard.evaluation.personal_data:presidio_synth",
    "civicguard.evaluation.personal_data:uk_generated",
    "civicguard.evaluation.intent:complaints",
    "civicguard.evaluation.intent:generated",
    "civicguard.evaluation.calibration:run",
    "civicguard.evaluation.council:run",
    "civicguard.evaluation.images:run",
    "civicguard.evaluation.images_logo:run",
    "civicguard.evaluation.images_nudity:run",
    "civicguard.evaluation.images_text:run",
)
