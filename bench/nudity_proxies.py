"""Build `data/images/nudity/`: safe proxies for measuring `images.nudity`'s false alarms. No explicit imagery.

Three groups, every image free to redistribute:

* ``photo``: everyday photographs shipped in the scikit-image wheel (PyPI), each public domain or CC0 (their
  docstrings in `skimage.data`; SOURCE.md lists each): a clothed astronaut, a cameraman, coffee, a cat, a rocket
  launch, a galaxy field, a retina, brick, grass and gravel, a clock, printed text.
* ``closeup``: crops of those photographs enlarged to fill the frame: the astronaut's face, the cameraman, the
  retina's red-orange tissue, the coffee's warm tones (close-ups of faces and skin-coloured surfaces, the hard
  negatives the model's makers warn about).
* ``skin_texture``: generated here: smooth noise, gradients and soft blobs in human skin tones from light to dark,
  some with a darker shaded fold (skin-coloured and body-like without being a body).

    .venv/bin/python bench/nudity_proxies.py --skimage-data DIR --out data/images/nudity

DIR is `skimage/data` unpacked from scikit_image-0.26.0's wheel (`pip download --no-deps scikit-image==0.26.0`, then
unzip). Each image is saved as JPEG quality 85 with its long side at most 512 px and no metadata. The split is fixed
by a seeded hash of the file name (`split_for`: half validation, half test; no train split, because no threshold
is tuned on these: the thresholds come from the model's makers, RESULTS.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

# (file in skimage/data, what it shows, licence as skimage's docstring gives it)
PHOTOS = (
    ("astronaut.png", "astronaut Eileen Collins in uniform, head and shoulders", "public domain (NASA)"),
    ("camera.png", "a man filming with a camera on a tripod", "CC0 (Lav Varshney)"),
    ("coffee.png", "a cup of coffee on a saucer", "CC0 (Rachel Michetti)"),
    ("chelsea.png", "a cat", "CC0 (Stefan van der Walt)"),
    ("rocket.jpg", "a rocket launch", "public domain (SpaceX)"),
    ("hubble_deep_field.jpg", "a field of galaxies", "public domain (NASA)"),
    ("retina.jpg", "a human retina (fundus photograph)", "CC0 1.0 (Mikael Häggström)"),
    ("brick.png", "a brick wall", "CC0 (CC0Textures)"),
    ("grass.png", "grass", "CC0 (linolafett on DeviantArt)"),
    ("gravel.png", "gravel", "CC0 (CC0Textures)"),
    ("clock_motion.png", "a wall clock, blurred by motion", "public domain (Stefan van der Walt)"),
    ("text.png", "printed text photographed at an angle", "public domain"),
)
# (file, box as fractions of width and height: left, top, right, bottom, what it shows)
CROPS = (
    ("astronaut.png", (0.30, 0.02, 0.72, 0.50), "the astronaut's face, close up"),
    ("astronaut.png", (0.25, 0.05, 0.85, 0.75), "the astronaut's head and shoulders"),
    ("astronaut.png", (0.00, 0.45, 0.60, 1.00), "the astronaut's uniform and hand"),
    ("camera.png", (0.20, 0.00, 0.80, 0.60), "the cameraman's head and hands"),
    ("retina.jpg", (0.20, 0.20, 0.60, 0.60), "red-orange retinal tissue, close up"),
    ("retina.jpg", (0.40, 0.35, 0.85, 0.80), "retinal tissue with vessels"),
    ("retina.jpg", (0.10, 0.45, 0.50, 0.90), "retinal tissue near the edge"),
    ("coffee.png", (0.15, 0.20, 0.75, 0.80), "the coffee's warm brown tones"),
    ("chelsea.png", (0.25, 0.05, 0.75, 0.65), "the cat's face, close up"),
)
# Human skin tones, light to dark (sRGB), for the generated textures.
SKIN = ((255, 224, 196), (241, 194, 160), (224, 172, 138), (198, 134, 98), (161, 102, 70), (120, 75, 50),
        (90, 56, 38))
LONG_SIDE = 512
QUALITY = 85


def split_for(name: str, seed: int = 17) -> str:
    bucket = int(hashlib.sha256(f"{seed}:{name}".encode()).hexdigest()[:8], 16) % 2
    return "validation" if bucket == 0 else "test"


def _fit(img: Image.Image) -> Image.Image:
    img = img.convert("RGB")
    scale = LONG_SIDE / max(img.size)
    if scale < 1:
        img = img.resize((round(img.width * scale), round(img.height * scale)), Image.Resampling.LANCZOS)
    return img


def _smooth_noise(rng: np.random.Generator, size: int, cells: int) -> np.ndarray:
    """Noise in [0, 1] smoothed by upscaling a coarse grid bicubically."""
    coarse = (rng.random((cells, cells)) * 255).astype(np.uint8)
    up = Image.fromarray(coarse).resize((size, size), Image.Resampling.BICUBIC)
    return np.asarray(up, dtype=np.float32) / 255.0


def skin_texture(rng: np.random.Generator, size: int = 448) -> tuple[Image.Image, str]:
    """One skin-toned image: noise, a gradient or soft blobs, sometimes with a shaded fold."""
    tone = np.array(SKIN[int(rng.integers(len(SKIN)))], dtype=np.float32)
    style = ("noise", "gradient", "blobs")[int(rng.integers(3))]
    if style == "noise":
        n = _smooth_noise(rng, size, int(rng.integers(3, 12)))
        shade = 0.75 + 0.35 * n
    elif style == "gradient":
        ys, xs = np.mgrid[0:size, 0:size].astype(np.float32) / size
        angle = rng.uniform(0, np.pi)
        g = (np.cos(angle) * xs + np.sin(angle) * ys)
        shade = 0.7 + 0.45 * (g - g.min()) / (np.ptp(g) or 1.0)
    else:
        canvas = Image.new("L", (size, size), int(rng.integers(20, 90)))
        draw = ImageDraw.Draw(canvas)
        for _ in range(int(rng.integers(1, 4))):
            w, h = rng.integers(size // 4, size // 1.3, 2)
            x, y = rng.integers(-size // 8, size - size // 4, 2)
            draw.ellipse((int(x), int(y), int(x + w), int(y + h)), fill=int(rng.integers(200, 255)))
        canvas = canvas.filter(ImageFilter.GaussianBlur(size / 18))
        shade = np.asarray(canvas, dtype=np.float32) / 255.0 * 1.05
    if rng.random() < 0.4:  # a darker fold across the image
        ys, xs = np.mgrid[0:size, 0:size].astype(np.float32)
        line = np.abs((xs - size / 2) * rng.uniform(-1, 1) + (ys - size / 2))
        shade = shade * (1 - 0.35 * np.exp(-((line / (size / 25)) ** 2)))
    rgb = np.clip(tone[None, None, :] * shade[:, :, None], 0, 255).astype(np.uint8)
    return Image.fromarray(rgb, "RGB"), f"generated {style}, skin tone {tuple(int(v) for v in tone)}"


def build(skimage_data: Path, out: Path, textures: int = 60, seed: int = 17) -> list[dict[str, str]]:
    (out / "images").mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, str]] = []

    def save(img: Image.Image, name: str, group: str, what: str, source: str, licence: str) -> None:
        path = f"images/{name}.jpg"
        _fit(img).save(out / path, "JPEG", quality=QUALITY, optimize=True)
        rows.append({"file": path, "split": split_for(name), "group": group, "what": what, "source": source,
                     "licence": licence})

    lic = {f: licence for f, _, licence in PHOTOS}
    for file, what, licence in PHOTOS:
        with Image.open(skimage_data / file) as img:
            save(img, f"photo-{Path(file).stem}", "photo", what, f"skimage/data/{file}", licence)
    for k, (file, (left, top, right, bottom), what) in enumerate(CROPS):
        with Image.open(skimage_data / file) as img:
            w, h = img.size
            crop = img.convert("RGB").crop((round(left * w), round(top * h), round(right * w), round(bottom * h)))
            crop = crop.resize((LONG_SIDE, round(LONG_SIDE * crop.height / crop.width)), Image.Resampling.BICUBIC)
            save(crop, f"closeup-{k:02d}-{Path(file).stem}", "closeup", what, f"skimage/data/{file} (cropped)",
                 lic[file])
    rng = np.random.default_rng(seed)
    random.seed(seed)
    for k in range(textures):
        img, what = skin_texture(rng)
        save(img, f"texture-{k:03d}", "skin_texture", what, "generated by bench/nudity_proxies.py",
             "this project's own (MIT)")
    with open(out / "annotations.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skimage-data", type=Path, required=True, help="skimage/data unpacked from the wheel")
    ap.add_argument("--out", type=Path, default=Path("data/images/nudity"))
    ap.add_argument("--textures", type=int, default=60)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args(argv)
    rows = build(args.skimage_data, args.out, args.textures, args.seed)
    size = sum((args.out / r["file"]).stat().st_size for r in rows)
    print(f"wrote {len(rows)} images ({size / 1e6:.1f} MB) and annotations.jsonl to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
