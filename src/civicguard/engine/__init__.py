"""The check engine: policy packs, detectors and verdicts. Pure Python: no web framework is imported here."""

from civicguard.engine.lean_imports import import_thinc

import_thinc()  # before anything imports spaCy: see lean_imports

# ruff: noqa: E402 - the imports below come after import_thinc on purpose
from civicguard.engine.check import Engine, check, check_many, one_blas_thread, prepare_batch
from civicguard.engine.model import (
    CATEGORIES,
    CHANNELS,
    CheckResult,
    Content,
    Context,
    Detection,
    EmbargoedDocument,
    Finding,
    ImageRef,
    ImageTag,
    Severity,
)
from civicguard.engine.packs.errors import PackError, UnknownPack
from civicguard.engine.packs.loader import load_pack, pack_for, shipped_pack_ids

__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "CheckResult",
    "Content",
    "Context",
    "Detection",
    "EmbargoedDocument",
    "Engine",
    "Finding",
    "ImageRef",
    "ImageTag",
    "PackError",
    "Severity",
    "UnknownPack",
    "check",
    "check_many",
    "prepare_batch",
    "load_pack",
    "one_blas_thread",
    "pack_for",
    "shipped_pack_ids",
]
