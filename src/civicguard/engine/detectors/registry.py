"""The detector registry: packs name detectors by their stable dotted name."""

from __future__ import annotations

import importlib
import json
import pkgutil
import threading
from typing import Any

from civicguard.engine.detectors.base import Detector, Params

_REGISTRY: dict[str, type[Detector]] = {}
_INSTANCES: dict[tuple[str, str], Detector] = {}
_LOCK = threading.Lock()
_DISCOVERED = False


class UnknownDetector(KeyError):
    pass


def register(cls: type[Detector]) -> type[Detector]:
    """Class decorator: make a detector available to packs under `cls.name`."""
    existing = _REGISTRY.get(cls.name)
    if existing is not None and existing is not cls:
        raise ValueError(f"two detectors claim the name {cls.name!r}: {existing} and {cls}")
    _REGISTRY[cls.name] = cls
    return cls


def _discover() -> None:
    """Import every module under civicguard.engine.detectors so their @register decorators run."""
    global _DISCOVERED
    if _DISCOVERED:
        return
    import civicguard.engine.detectors as pkg

    for info in pkgutil.walk_packages(pkg.__path__, prefix=pkg.__name__ + "."):
        importlib.import_module(info.name)
    _DISCOVERED = True


def detector_class(name: str) -> type[Detector]:
    _discover()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise UnknownDetector(f"unknown detector {name!r} (known: {known})") from None


def available() -> dict[str, type[Detector]]:
    _discover()
    return dict(sorted(_REGISTRY.items()))


def parse_params(name: str, raw: dict[str, Any] | None) -> Params:
    """Validate a rule's parameters against the detector's schema (raises pydantic.ValidationError)."""
    return detector_class(name).Params.model_validate(raw or {})


def instance(name: str, params: Params) -> Detector:
    """One shared detector per (name, parameters): models load once per process."""
    key = (name, json.dumps(params.model_dump(mode="json"), sort_keys=True))
    with _LOCK:
        found = _INSTANCES.get(key)
        if found is None:
            found = detector_class(name)(params)
            _INSTANCES[key] = found
        return found
