import csv
from pathlib import Path

import pytest

DAVIDSON = [("you are a fucking idiot", "1"), ("lovely day at the park", "2"), ("shut up you stupid bitch", "1"),
            ("the bins were collected today", "2"), ("fuck this shit", "1"), ("great match last night", "2"),
            ("all those muslims should be banned", "0"), ("thanks for the help", "2")]
HATECHECK = [("I hate women.", "hateful", "women", "derog_neg_emote_h"),
             ("Muslims are vermin.", "hateful", "Muslims", "derog_dehum_h"),
             ("I love gay people.", "non-hateful", "gay people", "ident_pos_nh"),
             ("Disabled people should be banned from parks.", "hateful", "disabled people", "derog_impl_h"),
             ("Saying immigrants are vermin is disgusting.", "non-hateful", "immigrants", "counter_quote_nh"),
             ("Fuck yeah, what a day.", "non-hateful", "", "profanity_nh")]
MLMA = [("those retards again", "disability"), ("send the migrants back", "origin"),
        ("women belong in the kitchen", "gender"), ("gays are disgusting", "sexual_orientation"),
        ("idiot", "other")]
COMPLAINTS = [("@ShopHelp my parcel never arrived and nobody answers, terrible service", "1"),
              ("@ShopHelp thanks so much for sorting it", "0"), ("@Rail train cancelled again, awful", "1"),
              ("what a lovely sunset", "0")]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def write_tiny_data(root: Path) -> Path:
    """A data folder laid out like ../shared/data, a few hand-written rows per file (no public data needed)."""
    for split in ("train", "validation", "test"):
        _write(root / "davidson" / f"{split}.csv", ["", "count", "class", "tweet"],
               [[str(i), "3", c, t] for i, (t, c) in enumerate(DAVIDSON)])
        _write(root / "hatecheck" / f"{split}.csv",
               ["", "functionality", "test_case", "label_gold", "target_ident", "templ_id"],
               [[str(i), f, t, g, tg, str(i)] for i, (t, g, tg, f) in enumerate(HATECHECK)])
        _write(root / "mlma-en" / f"{split}.csv", ["HITId", "tweet", "sentiment", "target", "group"],
               [[str(i), t, "offensive", tg, "other"] for i, (t, tg) in enumerate(MLMA)])
        _write(root / "x-ci-complaints" / f"{split}.csv", ["id", "tweet", "label"],
               [[str(i), t, lab] for i, (t, lab) in enumerate(COMPLAINTS)])
    return root


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    return write_tiny_data(tmp_path / "data")
