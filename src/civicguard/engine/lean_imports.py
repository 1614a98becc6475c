"""Imports that would otherwise pull in PyTorch for nothing.

thinc (spaCy's maths) and Presidio's Hugging Face recogniser import PyTorch whenever it is installed (the Makefile
installs it for the training scripts), to offer layers the engine never uses: about 1.5 s of every start-up of a
process that checks. `torch_hidden` hides it from those imports when nothing has imported it yet; any later
`import torch` (the training scripts') finds it as usual.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def torch_hidden() -> Iterator[None]:
    """Within the block, `import torch` raises ImportError, unless PyTorch is imported already."""
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # how Python marks a module as not importable
    try:
        yield
    finally:
        if sys.modules.get("torch", ...) is None:
            del sys.modules["torch"]


def import_thinc() -> None:
    """Import thinc with PyTorch hidden, before anything else imports it (spaCy imports it on first use)."""
    if "thinc" in sys.modules:
        return
    with torch_hidden():
        import thinc.compat  # noqa: F401
