"""Small test images made with Pillow (no real faces), and files that pretend to be images."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

GPS = {1: "N", 2: (53.0, 27.0, 12.0), 3: "W", 4: (2.0, 44.0, 0.0)}


def jpeg_with_gps(size: tuple[int, int] = (40, 20), orientation: int = 6) -> bytes:
    """A JPEG whose EXIF has a GPS position (St Helens town hall, roughly), the phone's make and model, and an
    orientation (6: turn 90° clockwise to show it)."""
    exif = Image.Exif()
    exif[0x010F] = "Acme"
    exif[0x0110] = "Phone 9 Pro"
    exif[0x0112] = orientation
    exif[0x8825] = GPS
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 160, 40)).save(buf, format="JPEG", exif=exif.tobytes())
    return buf.getvalue()


def png(size: tuple[int, int] = (8, 6), colour: tuple[int, int, int] = (200, 30, 30), **info: str) -> bytes:
    from PIL.PngImagePlugin import PngInfo

    meta = PngInfo()
    for key, value in info.items():
        meta.add_text(key, value)
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="PNG", pnginfo=meta)
    return buf.getvalue()


def gif(frames: int = 3) -> bytes:
    images = [Image.new("P", (10, 10), n * 40) for n in range(frames)]
    buf = io.BytesIO()
    images[0].save(buf, format="GIF", save_all=True, append_images=images[1:])
    return buf.getvalue()


def webp() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (12, 12), (0, 0, 255)).save(buf, format="WEBP")
    return buf.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG of a few hundred bytes whose header says it is `width` × `height` pixels (ten billion by default):
    its one row of compressed zeros would inflate to gigabytes if anything tried to decode it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" * (width + 1) * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> "
       b"endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 64


def exif_of(data: bytes) -> tuple[dict[int, object], dict[int, object], dict[str, object]]:
    """(EXIF, its GPS IFD, Pillow's info) of an image, read back with Pillow."""
    with Image.open(io.BytesIO(data)) as img:
        exif = img.getexif()
        return dict(exif), dict(exif.get_ifd(0x8825)), dict(img.info)
