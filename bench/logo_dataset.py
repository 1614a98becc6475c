"""Build the logo evaluation set (`data/images/logos/`): both councils' logos, varied, on generated backgrounds.

Every image is drawn here from a seed, so the set is reproducible and holds nothing anyone else owns:

* **backgrounds** (all generated): smooth gradients with noise, cluttered shapes, a page of printed text
  (with the word COUNCIL among other words), an outdoor-like scene (sky, ground, blobs) and fine texture;
* **positives**: a council's pack logo (`policies/<council>/logo.png`), on a light plate or cut out, scaled
  from 1/8 to 1/2 of the image width, rotated (any angle), seen in perspective, partly covered or cut off at the
  edge, re-coloured (hue turned, greyscale, washed out), blurred, and saved as JPEG at quality 30 to 95; each
  image records what was done;
* **negatives**: the background alone; **look-alikes**: shields and roundels in the same colours with other
  names (ST HELIER, SEFTON PARK CAFE, COUNCIL alone...). The other council's logo is a negative too: each image
  is scored against both packs' logos, so a St Helens image is a negative for Sefton's logo and the reverse.

The split is fixed by position within each group (2 of 5 train, 1 validation, 2 test) and written into
`labels.jsonl`; the matcher's thresholds are chosen on train and validation only.

    .venv/bin/python bench/logo_dataset.py                       # writes data/images/logos/
    .venv/bin/python bench/logo_dataset.py --out /tmp/logos --per-council 10 --negatives 5
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

ROOT = Path(__file__).resolve().parents[1]
PACKS = ROOT / "src" / "civicguard" / "policies"
COUNCILS = ("st-helens", "sefton")
SIZES = ((640, 480), (640, 480), (640, 480), (640, 480), (800, 600), (480, 640), (480, 640), (1024, 768))
WORDS = ("council", "tax", "parking", "bins", "library", "park", "COUNCIL", "road", "repairs", "consultation",
         "meeting", "agenda", "minutes", "housing", "planning", "licence", "grant", "school", "leisure", "centre",
         "market", "events", "notice", "public", "health", "community", "residents", "ward", "services", "budget",
         "report")


def split_for(position: int) -> str:
    """2 of every 5 images in a group are train, 1 validation, 2 test, by position in the group."""
    return ("train", "train", "validation", "test", "test")[position % 5]


# -- backgrounds -------------------------------------------------------------------------------------------

def _noise(rng: random.Random, size: tuple[int, int], cells: int) -> np.ndarray:
    """Smooth random noise in 0..1: random values on a coarse grid, resized up."""
    w, h = size
    grid = np.array([[rng.random() for _ in range(cells)] for _ in range(max(2, cells * h // w))], dtype=np.float32)
    img = Image.fromarray((grid * 255).astype(np.uint8)).resize(size, Image.Resampling.BICUBIC)
    return np.asarray(img, dtype=np.float32) / 255.0


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randrange(256), rng.randrange(256), rng.randrange(256))


def bg_gradient(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    a, b = np.array(_colour(rng), dtype=np.float32), np.array(_colour(rng), dtype=np.float32)
    t = _noise(rng, size, rng.choice((2, 3, 4)))[..., None]
    arr = a * (1 - t) + b * t + np.asarray(np.random.default_rng(rng.randrange(2**32)).normal(0, 3, (*size[::-1], 3)))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def bg_clutter(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    img = bg_gradient(rng, size)
    d = ImageDraw.Draw(img)
    w, h = size
    for _ in range(rng.randrange(25, 70)):
        x, y = rng.randrange(w), rng.randrange(h)
        s = rng.randrange(8, max(9, w // 5))
        shape = rng.randrange(4)
        box = [x, y, x + s, y + rng.randrange(8, max(9, h // 5))]
        if shape == 0:
            d.rectangle(box, fill=_colour(rng))
        elif shape == 1:
            d.ellipse(box, fill=_colour(rng))
        elif shape == 2:
            d.line([(x, y), (rng.randrange(w), rng.randrange(h))], fill=_colour(rng), width=rng.randrange(1, 6))
        else:
            d.polygon([(x, y), (x + s, y + s // 3), (x + s // 2, y + s)], fill=_colour(rng))
    return img


def bg_text(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    paper = (rng.randrange(225, 256), rng.randrange(225, 256), rng.randrange(215, 250))
    img = Image.new("RGB", size, paper)
    d = ImageDraw.Draw(img)
    w, h = size
    y = rng.randrange(10, 30)
    while y < h - 10:
        fs = rng.choice((12, 14, 16, 18, 22, 28))
        font = ImageFont.load_default(size=fs)
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 14)))
        d.text((rng.randrange(8, 40), y), line.capitalize(), font=font, fill=(rng.randrange(80), ) * 3)
        y += int(fs * rng.uniform(1.3, 2.0))
    return img


def bg_outdoor(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    w, h = size
    horizon = int(h * rng.uniform(0.35, 0.65))
    sky = np.linspace(np.array((120, 170, 230)), np.array((200, 225, 250)), horizon)
    ground_c = np.array(rng.choice(((70, 120, 60), (120, 110, 90), (90, 90, 95))), dtype=np.float32)
    ground = np.repeat(ground_c[None, :], h - horizon, axis=0)
    arr = np.concatenate([sky, ground])[:, None, :].repeat(w, axis=1).astype(np.float32)
    arr += (_noise(rng, size, 40)[..., None] - 0.5) * 50
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    for _ in range(rng.randrange(3, 10)):  # buildings and trees
        x = rng.randrange(w)
        bw, bh = rng.randrange(30, 160), rng.randrange(40, max(41, horizon))
        if rng.random() < 0.5:
            d.rectangle([x, horizon - bh, x + bw, horizon + 5], fill=_colour(rng))
            for wy in range(horizon - bh + 8, horizon - 10, 18):
                for wx in range(x + 6, x + bw - 10, 16):
                    d.rectangle([wx, wy, wx + 8, wy + 10], fill=(40, 50, 70))
        else:
            d.ellipse([x, horizon - bh, x + bw, horizon + 10], fill=(rng.randrange(20, 70), rng.randrange(80, 140),
                                                                     rng.randrange(20, 60)))
    return img


def bg_texture(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    fine = _noise(rng, size, rng.randrange(60, 160))
    coarse = _noise(rng, size, 6)
    base = np.array(_colour(rng), dtype=np.float32)
    arr = base[None, None, :] * (0.5 + 0.5 * coarse[..., None]) + (fine[..., None] - 0.5) * 70
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


BACKGROUNDS = (bg_gradient, bg_clutter, bg_text, bg_outdoor, bg_texture)


# -- look-alikes -------------------------------------------------------------------------------------------

LOOKALIKE_NAMES = ("ST HELIER", "SEFTON PARK CAFE", "COUNCIL", "ST HELENS RUGBY", "HELENSBURGH", "SEFTON RUNNERS",
                   "WIRRAL COUNCIL", "KNOWSLEY", "TOWN HALL", "COMMUNITY TRUST")


def lookalike(rng: random.Random) -> Image.Image:
    """A made-up emblem in the councils' style: a shield or a roundel, a motif, a name and a rule."""
    img = Image.new("RGBA", (720, 360), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    main = rng.choice(("#1d3a6e", "#0f6b4a", "#6e1d3a", "#333333", "#2f7fb5"))
    accent = rng.choice(("#e0a526", "#f1d58a", "#c8372d", "#7fb3e6", "#ffffff"))
    if rng.random() < 0.5:
        d.polygon([(30, 30), (250, 30), (250, 200), (140, 330), (30, 200)], fill=main)
        d.polygon([(48, 48), (232, 48), (232, 192), (140, 302), (48, 192)], outline=accent, width=6)
    else:
        d.ellipse([20, 20, 330, 330], fill=main)
        d.ellipse([40, 40, 310, 310], outline=accent, width=5)
    for _ in range(rng.randrange(2, 6)):  # a motif of simple shapes inside
        x, y, s = rng.randrange(70, 200), rng.randrange(70, 220), rng.randrange(20, 70)
        if rng.random() < 0.5:
            d.rectangle([x, y, x + s, y + s // 2], fill=accent)
        else:
            d.polygon([(x, y + s), (x + s // 2, y), (x + s, y + s)], fill=accent)
    name = rng.choice(LOOKALIKE_NAMES)
    font = ImageFont.load_default(size=rng.choice((60, 70, 80)))
    d.text((350 if "COUNCIL" not in name else 300, 70), name, font=font, fill=main)
    d.rectangle([352, 176, 700, 184], fill=accent)
    if rng.random() < 0.6:
        d.text((354, 204), rng.choice(("COUNCIL", "C O U N C I L", "CLUB", "TRUST")),
               font=ImageFont.load_default(size=56), fill=main)
    return img


# -- placing a logo ----------------------------------------------------------------------------------------

def recolour(logo: Image.Image, how: str, rng: random.Random) -> Image.Image:
    rgb, alpha = logo.convert("RGB"), logo.getchannel("A")
    if how == "hue":
        hsv = np.asarray(rgb.convert("HSV")).copy()
        hsv[..., 0] = (hsv[..., 0].astype(int) + rng.randrange(40, 216)) % 256
        rgb = Image.fromarray(hsv, "HSV").convert("RGB")
    elif how == "grey":
        rgb = ImageOps.grayscale(rgb).convert("RGB")
    elif how == "washed":
        rgb = ImageEnhance.Contrast(ImageEnhance.Color(rgb).enhance(0.4)).enhance(0.6)
    elif how == "mono":
        grey = ImageOps.grayscale(rgb)
        rgb = Image.merge("RGB", [grey.point(lambda v: 255 if v > 200 else 0)] * 3)
    out = rgb.convert("RGBA")
    out.putalpha(alpha)
    return out


def perspective(logo: Image.Image, amount: float, rng: random.Random) -> Image.Image:
    """Warp with each corner moved inwards by up to `amount` of the side: a logo seen at an angle."""
    w, h = logo.size
    dst = [(rng.uniform(0, amount) * w, rng.uniform(0, amount) * h),
           (w - rng.uniform(0, amount) * w, rng.uniform(0, amount) * h),
           (w - rng.uniform(0, amount) * w, h - rng.uniform(0, amount) * h),
           (rng.uniform(0, amount) * w, h - rng.uniform(0, amount) * h)]
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    coeffs = _perspective_coeffs(dst, src)
    return logo.transform((w, h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)


def _perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=np.float64)
    b = np.array([c for p in src for c in p], dtype=np.float64)
    return [float(c) for c in np.linalg.solve(a, b)]


def place(background: Image.Image, logo: Image.Image, rng: random.Random, *, positive: bool
          ) -> tuple[Image.Image, list[int] | None, dict[str, Any]]:
    """Paste a varied `logo` on `background`; returns the image, the logo's box (x, y, w, h) and what was done."""
    w, h = background.size
    done: dict[str, Any] = {}
    fraction = math.exp(rng.uniform(math.log(0.125), math.log(0.5)))
    lw = max(8, round(w * fraction))
    lh = max(4, round(logo.size[1] * lw / logo.size[0]))
    art = logo.resize((lw, lh), Image.Resampling.LANCZOS)
    done["width_fraction"] = round(fraction, 3)
    if rng.random() < 0.5:  # on a light plate, as a logo usually sits on a page or a sign
        plate = Image.new("RGBA", art.size, (*[rng.randrange(230, 256)] * 3, 255))
        plate.alpha_composite(art)
        art = plate
        done["plate"] = True
    if rng.random() < 0.35:
        how = rng.choice(("hue", "grey", "washed", "mono"))
        art = recolour(art, how, rng)
        done["colour"] = how
    if rng.random() < 0.35:
        amount = rng.uniform(0.05, 0.2)
        art = perspective(art, amount, rng)
        done["perspective"] = round(amount, 3)
    angle = rng.uniform(-15, 15) if rng.random() < 0.5 else rng.uniform(-180, 180)
    art = art.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    done["rotation"] = round(angle, 1)
    aw, ah = art.size
    cut = positive and rng.random() < 0.15
    if cut:  # part of the logo off the edge of the picture
        share = rng.uniform(0.1, 0.25)
        x = -round(aw * share) if rng.random() < 0.5 else w - round(aw * (1 - share))
        y = rng.randrange(0, max(1, h - ah))
        done["cut_off"] = round(share, 2)
    else:
        x, y = rng.randrange(0, max(1, w - aw)), rng.randrange(0, max(1, h - ah))
    image = background.copy()
    image.paste(art, (x, y), art)
    if positive and not cut and rng.random() < 0.2:  # something in front of part of it
        ow, oh = round(aw * rng.uniform(0.2, 0.45)), round(ah * rng.uniform(0.2, 0.45))
        ox, oy = x + rng.randrange(0, max(1, aw - ow)), y + rng.randrange(0, max(1, ah - oh))
        ImageDraw.Draw(image).rectangle([ox, oy, ox + ow, oy + oh], fill=_colour(rng))
        done["covered"] = round(ow * oh / (aw * ah), 3)
    if rng.random() < 0.3:
        radius = rng.uniform(0.5, 1.6)
        image = image.filter(ImageFilter.GaussianBlur(radius))
        done["blur"] = round(radius, 2)
    bbox = art.getchannel("A").getbbox() or (0, 0, aw, ah)
    x0, y0 = max(0, x + bbox[0]), max(0, y + bbox[1])
    x1, y1 = min(w, x + bbox[2]), min(h, y + bbox[3])
    return image, [x0, y0, x1 - x0, y1 - y0], done


def jpeg(image: Image.Image, rng: random.Random) -> tuple[bytes, int]:
    quality = rng.choice((30, 45, 60, 75, 85, 95))
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=quality)
    return buf.getvalue(), quality


def build(out: Path, per_council: int, negatives: int, lookalikes: int, seed: int) -> list[dict[str, Any]]:
    logos = {c: Image.open(PACKS / c / "logo.png").convert("RGBA") for c in COUNCILS}
    (out / "images").mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    groups: list[tuple[str, int]] = [(c, per_council) for c in COUNCILS] + [("none", negatives),
                                                                             ("lookalike", lookalikes)]
    for group, count in groups:
        for i in range(count):
            rng = random.Random(f"{seed}:{group}:{i}")
            size = rng.choice(SIZES)
            make_bg = rng.choice(BACKGROUNDS)
            image = make_bg(rng, size)
            box: list[int] | None = None
            done: dict[str, Any] = {}
            if group in COUNCILS:
                image, box, done = place(image, logos[group], rng, positive=True)
            elif group == "lookalike":
                image, _, done = place(image, lookalike(rng), rng, positive=False)
            data, quality = jpeg(image, rng)
            name = f"images/{group}-{i:03d}.jpg"
            (out / name).write_bytes(data)
            rows.append({"file": name, "split": split_for(i), "logo": group if group in COUNCILS else None,
                         "group": group, "box": box, "background": make_bg.__name__[3:],
                         "size": list(size), "jpeg_quality": quality, "variations": done})
    with open(out / "labels.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, sort_keys=True) + "\n")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "images" / "logos")
    parser.add_argument("--per-council", type=int, default=50)
    parser.add_argument("--negatives", type=int, default=30)
    parser.add_argument("--lookalikes", type=int, default=30)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    rows = build(args.out, args.per_council, args.negatives, args.lookalikes, args.seed)
    total = sum((args.out / r["file"]).stat().st_size for r in rows)
    print(f"wrote {len(rows)} images ({total / 1e6:.1f} MB) and labels.jsonl to {args.out}")


if __name__ == "__main__":
    main()
