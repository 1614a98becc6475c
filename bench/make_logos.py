"""Draw the stand-in logos the shipped packs hold (`policies/<council>/logo.png`).

The councils' real logos are their trademarks and are not in this repository. Each council's pack holds a
distinctive stand-in emblem drawn here from shapes and the council's name, so the logo detector (`images.logo`)
has something to match and its evaluation set (bench/logo_dataset.py) something to vary. A council replaces the
file with its own logo (a PNG; see the pack folder's LOGO.md); the detector matches whatever logo the pack holds.

Deterministic: the same Pillow gives the same pixels (shapes only, and Pillow's own embedded font).

    .venv/bin/python bench/make_logos.py            # writes both packs' logo.png
    .venv/bin/python bench/make_logos.py --out DIR  # writes DIR/<council>.png instead
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
PACKS = ROOT / "src" / "civicguard" / "policies"
SIZE = (720, 360)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's embedded font: the same glyphs on every machine with the same Pillow, no system font needed.
    return ImageFont.load_default(size=size)


def _text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, fill: str,
          spacing: int = 0) -> None:
    font = _font(size)
    x, y = xy
    for ch in text:
        draw.text((x, y), ch, font=font, fill=fill)
        x += draw.textlength(ch, font=font) + spacing


def st_helens() -> Image.Image:
    """A navy shield with a stylised glass flame and a bridge of three arches (St Helens' glass and canal
    heritage, drawn for the stand-in), and the name beside it."""
    img = Image.new("RGBA", SIZE, (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    navy, gold, sky = "#1d3a6e", "#e0a526", "#7fb3e6"
    # The shield.
    d.polygon([(30, 30), (250, 30), (250, 200), (140, 330), (30, 200)], fill=navy)
    d.polygon([(48, 48), (232, 48), (232, 192), (140, 302), (48, 192)], outline=gold, width=6)
    # The flame: two nested teardrops.
    d.polygon([(140, 62), (188, 150), (172, 188), (140, 200), (108, 188), (92, 150)], fill=gold)
    d.polygon([(140, 104), (164, 158), (140, 184), (116, 158)], fill=sky)
    # Three arches under the flame.
    for i in range(3):
        x0 = 72 + i * 46
        d.rectangle([x0, 214, x0 + 40, 252], fill=sky)
        d.pieslice([x0 + 6, 226, x0 + 34, 262], 180, 360, fill=navy)
    # A chequered band across the top of the shield.
    for i in range(8):
        if i % 2 == 0:
            d.rectangle([48 + i * 23, 48, 48 + (i + 1) * 23, 60], fill=gold)
    _text(d, (280, 70), "ST HELENS", 74, navy, spacing=2)
    d.rectangle([282, 168, 690, 176], fill=gold)
    _text(d, (284, 196), "COUNCIL", 56, navy, spacing=10)
    _text(d, (286, 280), "stand-in emblem", 26, "#5b6f8f")
    return img


def sefton() -> Image.Image:
    """A green roundel with a lighthouse, sea waves and a sun (Sefton's coast, drawn for the stand-in), and the
    name beside it."""
    img = Image.new("RGBA", SIZE, (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    green, sand, sea, red = "#0f6b4a", "#f1d58a", "#2f7fb5", "#c8372d"
    d.ellipse([20, 20, 330, 330], fill=green)
    d.ellipse([40, 40, 310, 310], outline=sand, width=5)
    # The sun: a disc with eight rays.
    cx, cy = 235, 110
    d.ellipse([cx - 26, cy - 26, cx + 26, cy + 26], fill=sand)
    for k in range(8):
        a = k * math.pi / 4
        d.line([(cx + 34 * math.cos(a), cy + 34 * math.sin(a)), (cx + 50 * math.cos(a), cy + 50 * math.sin(a))],
               fill=sand, width=6)
    # The lighthouse: a tapering tower in red and white bands, and its lamp.
    d.polygon([(120, 90), (150, 90), (164, 250), (106, 250)], fill="white")
    for y0 in (120, 170, 220):
        top, bottom = y0, y0 + 24
        d.polygon([(120 - (top - 90) * 0.09, top), (150 + (top - 90) * 0.09, top),
                   (150 + (bottom - 90) * 0.09, bottom), (120 - (bottom - 90) * 0.09, bottom)], fill=red)
    d.rectangle([112, 66, 158, 90], fill=sand)
    d.polygon([(108, 66), (162, 66), (135, 44)], fill=red)
    # Waves: three zig-zag bands.
    for row in range(3):
        y = 262 + row * 18
        points = [(60 + i * 20, y + (8 if i % 2 else 0)) for i in range(13)]
        d.line(points, fill=sea if row != 1 else sand, width=7)
    _text(d, (350, 66), "SEFTON", 86, green, spacing=4)
    d.polygon([(352, 176), (700, 176), (690, 186), (352, 186)], fill=red)
    _text(d, (354, 204), "COUNCIL", 56, green, spacing=10)
    _text(d, (356, 286), "stand-in emblem", 26, "#4f7a68")
    return img


LOGOS: dict[str, Callable[[], Image.Image]] = {"st-helens": st_helens, "sefton": sefton}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=None, help="write DIR/<council>.png instead of the packs")
    args = parser.parse_args()
    for council, draw in LOGOS.items():
        target = (args.out / f"{council}.png") if args.out else PACKS / council / "logo.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        draw().save(target, format="PNG", optimize=True)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
