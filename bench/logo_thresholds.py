"""Choose the logo matcher's thresholds on the train and validation splits of data/images/logos (never on test).

For each feature method (SIFT, the default, and ORB for comparison) it searches every train and validation
image once for both packs' logos, keeps each best placement before the thresholds, and scores every pair of
`min_inliers` and `min_coverage` in `civicguard.evaluation.images_logo.GRID`. It prints the best settings per
method and the top of the grid; the chosen values are then written into `LogoSettings` by hand and recorded in
data/images/logos/RESULTS.md.

    .venv/bin/python bench/logo_thresholds.py [--methods sift,orb]
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from civicguard.engine.images.logo import LogoSettings, reference_for
from civicguard.engine.packs.loader import pack_for, shipped_pack_ids
from civicguard.evaluation.images_logo import candidates, choose_settings, load, search

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "images" / "logos")
    parser.add_argument("--methods", default="sift,orb")
    args = parser.parse_args()
    items = load(args.data, ["train", "validation"])
    for method in args.methods.split(","):
        base = dataclasses.replace(LogoSettings(), method=method)  # type: ignore[arg-type]
        references = []
        for council in shipped_pack_ids():
            facts = pack_for(council).facts
            if facts is not None and facts.logo is not None:
                references.append(reference_for(facts.logo.data, facts.logo.council, base.method))
        found, ms = candidates(items, references, search(base))
        best, tried = choose_settings(items, found, base)
        figures = dict(tried)[best]
        print(f"{method}: {len(items)} train+validation images, {sum(ms) / len(ms):.0f} ms per image and logo")
        print(f"  chosen: min_inliers={best.min_inliers} min_coverage={best.min_coverage}: precision "
              f"{figures['precision']} recall {figures['recall']} F1 {figures['f1']} (fp {figures['fp']})")
        for settings, f in sorted(tried, key=lambda t: -t[1]["f1"])[:6]:
            print(f"    min_inliers={settings.min_inliers:<3} min_coverage={settings.min_coverage:<5} "
                  f"P {f['precision']:.3f} R {f['recall']:.3f} F1 {f['f1']:.3f}")


if __name__ == "__main__":
    main()
