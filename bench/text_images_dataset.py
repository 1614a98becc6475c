"""Generate `data/images/text/`: labelled pictures of text for measuring `images.text` (OCR with tesseract).

Every image is drawn here from words this script makes up (fictional people, Ofcom's drama phone numbers, NHS
numbers with a valid check digit that belong to nobody checked), in Debian's DejaVu and Liberation fonts, so the
set can be committed and redistributed freely. Four kinds, each with and without personal data:

* ``letter``: a council letter photographed or scanned (paper tint, slight rotation, blur, noise, JPEG);
* ``poster``: a notice with large text on a coloured background, sometimes a contact's name and mobile;
* ``screenshot``: a social-media message in a light or dark theme (PNG, as screenshots are);
* ``clean``: text with no personal data at all (service news), the hard negatives for false alarms.

Sizes, rotations (up to 6 degrees), noise, blur and JPEG quality vary with a seeded random generator; the
split is fixed by position (`SPLITS`) and written into annotations.jsonl, so it never changes between runs.

    .venv/bin/python bench/text_images_dataset.py --out data/images/text     # 120 images, about 5 MB
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
FONTS = ("DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSans-Bold.ttf", "LiberationSans-Regular.ttf",
         "LiberationSerif-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationMono-Regular.ttf",
         "DejaVuSansCondensed.ttf")
# Fixed by position in the generated sequence: the first 30 train, the next 30 validation, the last 60 test.
SPLITS = (("train", 30), ("validation", 30), ("test", 60))
KINDS = ("letter", "poster", "screenshot", "clean")

FIRST = ("Sarah", "James", "Aisha", "Tomasz", "Eleanor", "Mohammed", "Grace", "Daniel", "Priya", "Liam", "Chloe",
         "Oluwaseun", "Megan", "Connor", "Fatima", "Harry", "Siobhan", "Kwame", "Zoe", "Ryan")
LAST = ("Whitfield", "Okafor", "Brennan", "Kowalski", "Hughes", "Patel", "Ashworth", "McAllister", "Nwosu",
        "Gallagher", "Sutcliffe", "Rahman", "Pennington", "Doherty", "Lindqvist", "Marsden", "Chowdhury",
        "Fairbrother", "Quigley", "Hargreaves")
STREETS = ("Acacia Avenue", "Derby Road", "Marsh Lane", "Church Street", "Park View", "Elm Grove", "Moss Bank Road",
           "College Road", "Rainford Crescent", "Orchard Close")
TOWNS = (("St Helens", "WA10"), ("Bootle", "L20"), ("Southport", "PR8"), ("Crosby", "L23"), ("Newton-le-Willows",
         "WA12"), ("Formby", "L37"), ("Haydock", "WA11"), ("Maghull", "L31"))
CLEAN_LINES = (
    "Bins will be collected a day later than usual next week because of the bank holiday.",
    "The library on the high street reopens on Monday with longer opening hours.",
    "Road resurfacing starts on the ring road this month; expect short delays at peak times.",
    "Have your say on the draft local plan: the consultation is open until the end of March.",
    "Free swimming sessions for under-16s run every Saturday morning during the holidays.",
    "Christmas lights switch-on: join us in the town centre from five o'clock on Friday.",
    "Garden waste collections pause over winter and start again in the first week of March.",
    "Our customer contact centre is open from nine until five, Monday to Friday.",
    "The park run starts at the main gate at nine o'clock every Saturday. Everyone is welcome.",
    "Council tax bills for the new year will be sent out by the end of this month.",
    "New cycle lanes on the seafront open this weekend, with bike hire available nearby.",
    "Recycling centres are open seven days a week; please bring proof of address.",
)
POSTER_HEADS = ("ROAD CLOSURE", "COMMUNITY MEETING", "LOST DOG", "CAR BOOT SALE", "VOLUNTEERS WANTED",
                "PUBLIC NOTICE", "SUMMER FUN DAY")


def nhs_number(rng: random.Random) -> str:
    """A ten-digit number with a valid modulus-11 check digit, in the 3-3-4 layout."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        digits[0] = rng.randint(4, 9)
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            s = "".join(map(str, digits)) + str(check)
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def mobile(rng: random.Random) -> str:
    # Ofcom's range for drama (07700 900000 to 900999): never a real person's number.
    return f"07700 900{rng.randint(0, 999):03d}"


def postcode(rng: random.Random, district: str) -> str:
    return f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


@dataclass
class Sample:
    kind: str
    lines: list[str]
    planted: list[dict[str, str]] = field(default_factory=list)  # {"entity": ..., "value": ...}

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def letter(rng: random.Random, personal: bool) -> Sample:
    first, last = _person(rng)
    town, district = rng.choice(TOWNS)
    street = f"{rng.randint(1, 240)} {rng.choice(STREETS)}"
    pc = postcode(rng, district)
    day = f"{rng.randint(1, 28)} {rng.choice(('January', 'March', 'June', 'October', 'November'))} 2026"
    if not personal:
        return Sample("letter", ["Environmental Health Service", day, "Dear Resident,",
                                 rng.choice(CLEAN_LINES), rng.choice(CLEAN_LINES), "Yours faithfully,",
                                 "Customer Services Team"])
    nhs = nhs_number(rng)
    lines = ["Adult Social Care", day, f"Mr {first} {last}" if rng.random() < 0.5 else f"Ms {first} {last}",
             street, f"{town} {pc}", f"Dear {first} {last},",
             f"Your NHS number {nhs} is on our records for the care review on {day}.",
             "Please call us if any of these details are wrong.", "Yours sincerely,", "Care Assessment Team"]
    planted = [{"entity": "PERSON", "value": f"{first} {last}"}, {"entity": "ADDRESS", "value": street},
               {"entity": "UK_POSTCODE", "value": pc}, {"entity": "UK_NHS", "value": nhs}]
    return Sample("letter", lines, planted)


def poster(rng: random.Random, personal: bool) -> Sample:
    head = rng.choice(POSTER_HEADS)
    body = rng.choice(CLEAN_LINES)
    if not personal:
        return Sample("poster", [head, body, "More at the council website"])
    first, last = _person(rng)
    phone = mobile(rng)
    return Sample("poster", [head, body, f"Contact {first} {last}", f"on {phone}"],
                  [{"entity": "PERSON", "value": f"{first} {last}"}, {"entity": "UK_PHONE", "value": phone}])


def screenshot(rng: random.Random, personal: bool) -> Sample:
    first, last = _person(rng)
    handle = f"@{first.lower()}{rng.randint(10, 99)}"
    if not personal:
        return Sample("screenshot", [f"{handle} · 2h", rng.choice(CLEAN_LINES), "12 replies  40 likes"])
    email = f"{first.lower()}.{last.lower()}@example.org"
    town, district = rng.choice(TOWNS)
    pc = postcode(rng, district)
    lines = [f"{handle} · 2h", f"My neighbour {first} {last} at {pc} keeps blocking the lane.",
             f"Email me at {email} if you saw it.", "12 replies  40 likes"]
    return Sample("screenshot", lines, [{"entity": "PERSON", "value": f"{first} {last}"},
                                        {"entity": "UK_POSTCODE", "value": pc},
                                        {"entity": "EMAIL_ADDRESS", "value": email}])


def clean(rng: random.Random, personal: bool) -> Sample:
    return Sample("clean", rng.sample(CLEAN_LINES, rng.randint(2, 4)))


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return ImageFont.truetype(str(folder / name), size)
    raise FileNotFoundError(f"font {name} not found: install fonts-dejavu-core and fonts-liberation")


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    out: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    return out


def render(sample: Sample, rng: random.Random) -> tuple[Image.Image, str]:
    """The picture of `sample` and its file format (JPEG for photos and scans, PNG for screenshots)."""
    if sample.kind == "poster":
        width, height = rng.choice(((600, 800), (720, 960), (800, 600)))
        bg = rng.choice(((255, 221, 0), (0, 94, 165), (212, 53, 28), (0, 112, 60), (250, 250, 245)))
        ink = (20, 20, 20) if 0.299 * bg[0] + 0.587 * bg[1] + 0.114 * bg[2] > 140 else (255, 255, 255)
        size = rng.randint(26, 40)
    elif sample.kind == "screenshot":
        width, height = rng.choice(((640, 360), (720, 420), (540, 400)))
        dark = rng.random() < 0.35
        bg, ink = ((21, 32, 43), (231, 233, 234)) if dark else ((255, 255, 255), (15, 20, 25))
        size = rng.randint(15, 22)
    else:
        width, height = rng.choice(((800, 1000), (900, 1100), (760, 980)))
        tint = rng.randint(225, 255)
        bg, ink = (tint, tint, max(0, tint - rng.randint(0, 18))), (rng.randint(0, 50),) * 3
        size = rng.randint(16, 26)
    img = Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(img)
    margin = int(width * 0.08)
    y = margin
    # One typeface for the body (as a real letter or screen has), a bold one for a poster's heading.
    body = rng.choice([f for f in FONTS if "Bold" not in f])
    heading = rng.choice([f for f in FONTS if "Bold" in f])
    for i, line in enumerate(sample.lines):
        big = sample.kind == "poster" and i == 0
        font = _font(heading if big else body, int(size * 1.6) if big else size)
        for part in _wrap(draw, line, font, width - 2 * margin):
            draw.text((margin, y), part, font=font, fill=ink)
            y += int(font.size * 1.45)
        y += int(size * 0.4)
    if y > height - margin // 2:  # grow the page rather than cut text off
        grown = Image.new("RGB", (width, y + margin), bg)
        grown.paste(img, (0, 0))
        img = grown
    if sample.kind != "screenshot":
        angle = rng.uniform(-6, 6) if rng.random() < 0.6 else 0.0
        if angle:
            img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(128, 128, 128))
        if rng.random() < 0.5:
            img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.1)))
        if rng.random() < 0.5:
            noise = Image.effect_noise(img.size, rng.uniform(8, 24)).convert("RGB")
            img = Image.blend(img, noise, rng.uniform(0.05, 0.15))
        scale = rng.uniform(0.6, 1.0)
        img = img.resize((int(img.width * scale), int(img.height * scale)), Image.Resampling.LANCZOS)
        return img, "JPEG"
    return img, "PNG"


def generate(out: Path, seed: int = 17) -> list[dict[str, object]]:
    rng = random.Random(seed)
    makers = {"letter": letter, "poster": poster, "screenshot": screenshot, "clean": clean}
    rows: list[dict[str, object]] = []
    (out / "images").mkdir(parents=True, exist_ok=True)
    n = 0
    for split, count in SPLITS:
        for _ in range(count):
            kind = KINDS[n % len(KINDS)]
            personal = kind != "clean" and rng.random() < 0.65
            sample = makers[kind](rng, personal)
            img, fmt = render(sample, rng)
            name = f"images/{n:03d}-{kind}.{'jpg' if fmt == 'JPEG' else 'png'}"
            if fmt == "JPEG":
                img.save(out / name, "JPEG", quality=rng.randint(55, 90), optimize=True)
            else:
                img.save(out / name, "PNG", optimize=True)
            rows.append({"file": name, "split": split, "kind": kind, "text": sample.text,
                         "personal": bool(sample.planted), "planted": sample.planted,
                         "width": img.width, "height": img.height})
            n += 1
    with open(out / "annotations.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("data/images/text"))
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args(argv)
    rows = generate(args.out, args.seed)
    size = sum((args.out / str(r["file"])).stat().st_size for r in rows)
    print(f"wrote {len(rows)} images ({size / 1e6:.1f} MB) and annotations.jsonl to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
