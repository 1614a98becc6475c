"""Detector quality, from bench/: the same run as `civicguard eval`, written to bench/results/.

    .venv/bin/python bench/eval.py [--split test] [--data ../shared/data] [--only davidson,hatecheck]
"""

from __future__ import annotations

import sys
from pathlib import Path

from civicguard.cli.eval import eval_command

if __name__ == "__main__":
    out = Path(__file__).resolve().parent / "results"
    eval_command.main(["--out", str(out), *sys.argv[1:]], prog_name="bench/eval.py", standalone_mode=True)
