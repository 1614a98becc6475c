"""Images with drawn faces that OpenCV's frontal cascade finds: a known answer for tests, no photos needed."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFilter


def _face(d: ImageDraw.ImageDraw, cx: float, cy: float, s: float) -> None:
    d.ellipse([cx - s * 0.5, cy - s * 0.65, cx + s * 0.5, cy + s * 0.65], fill=(205, 170, 140))
    for ex in (-0.2, 0.2):
        d.ellipse([cx + (ex - 0.1) * s, cy - 0.22 * s, cx + (ex + 0.1) * s, cy - 0.1 * s], fill=(40, 30, 30))
        d.rectangle([cx + (ex - 0.14) * s, cy - 0.32 * s, cx + (ex + 0.14) * s, cy - 0.27 * s], fill=(60, 40, 30))
    d.ellipse([cx - 0.05 * s, cy - 0.05 * s, cx + 0.05 * s, cy + 0.12 * s], fill=(185, 150, 120))
    d.ellipse([cx - 0.18 * s, cy + 0.25 * s, cx + 0.18 * s, cy + 0.33 * s], fill=(120, 50, 50))


def drawn(faces: int, size: tuple[int, int] = (640, 480)) -> tuple[bytes, list[list[int]]]:
    """A JPEG with `faces` drawn faces side by side, and their boxes ([x, y, w, h], face-sized squares)."""
    image = Image.new("RGB", size, (90, 100, 110))
    d = ImageDraw.Draw(image)
    boxes = []
    for i in range(faces):
        cx, cy, s = 170 + 300 * i, 230, 180
        _face(d, cx, cy, s)
        boxes.append([round(cx - 0.65 * s), round(cy - 0.7 * s), round(1.3 * s), round(1.3 * s)])
    buf = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(3)).save(buf, "JPEG", quality=85)
    return buf.getvalue(), boxes
