"""What an uploaded file really is, judged by its bytes (never its name or declared type), and the clean copy.

* Video (MP4/QuickTime by its `ftyp` box, WebM/Matroska by its EBML header) is checked by
  `civicguard.apps.media.video.examine_video`: its structure whole (a truncated file is refused), every frame read
  once to learn its true length (over `max_seconds` refused), each frame within `max_pixels`; its clean copy is
  the original with its location, device and other descriptive metadata blanked in place (no frame re-encoded).
* An image must be JPEG (MPO, the JPEG of many phones, included), PNG, WebP or GIF; only those decoders run.
  Its header's pixel count is compared with `max_pixels` *before* a pixel is decoded (a decompression bomb: a
  small file that opens to an enormous picture, is refused, not warned about); then Pillow's `verify()` and a full
  decode of the first frame.
* The clean copy (what would be published) is made from the decoded pixels alone, with the EXIF orientation
  applied: no EXIF (so no GPS position, camera make, model or serial number), no XMP, no ICC profile (converted to
  sRGB first), no PNG text. JPEG stays JPEG, PNG stays PNG, WebP stays WebP; a GIF's first frame becomes a PNG.

No Django here: the limits come in as arguments, so the tests can run it alone. Refusals are `UploadRefused`
(civicguard.common.uploads) with a plain-English message that says what to do.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from civicguard.common.uploads import MB, UploadRefused
from civicguard.engine.images.video import ACCEPTED as VIDEO_ACCEPTED
from civicguard.engine.images.video import DEFAULT_MAX_SECONDS, container_of

DEFAULT_MAX_PIXELS = 40_000_000
FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "GIF")
# The decoders Pillow may try (a phone's MPO is found by the JPEG decoder).
OPENERS = ["JPEG", "PNG", "WEBP", "GIF"]
# The clean copy's format for each accepted format, its MIME type and file extension.
CLEAN_FORMAT = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
MIME = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
EXTENSION = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
EXIF_GPS_IFD = 0x8825
# EXIF tags that say which device took the picture: Make, Model, Software, HostComputer, BodySerialNumber,
# LensMake, LensModel, LensSerialNumber, CameraOwnerName.
DEVICE_TAGS = (0x010F, 0x0110, 0x0131, 0x013C, 0xA431, 0xA433, 0xA434, 0xA435, 0xA430)
EXIF_IFD = 0x8769
ACCEPTED = "JPEG, PNG, WebP or GIF"


@dataclass(frozen=True)
class Examined:
    """An accepted image: the facts of the original and its clean copy."""

    format: str               # JPEG, MPO, PNG, WEBP or GIF (of the original)
    content_type: str         # of the original, from its content
    sha256: str               # of the original
    size: int                 # bytes of the original
    width: int                # of the clean copy (orientation applied)
    height: int
    had_location: bool        # the original carried a GPS position (EXIF or XMP)
    had_device: bool          # the original named the device (make, model, serial number, software)
    had_metadata: bool        # the original carried any EXIF, XMP, ICC profile or text
    clean: bytes
    clean_content_type: str
    clean_extension: str
    kind: str = "image"               # or "video"
    duration: float | None = None     # a video's length in seconds, from its frames

    @property
    def clean_sha256(self) -> str:
        return hashlib.sha256(self.clean).hexdigest()


def _mb(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n:,} bytes"


def video_container(data: bytes) -> str | None:
    """'MP4' or 'WebM' when the bytes open a video container of that kind, else None."""
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return "MP4"
    if data.startswith(b"\x1a\x45\xdf\xa3"):
        return "WebM"
    return None


def _what_it_is(data: bytes) -> str:
    """A person's name for a file we do not accept, from its first bytes."""
    known = ((b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a zip file or an Office document"),
             (b"GIF8", "a damaged GIF"), (b"\x89PNG", "a damaged PNG"), (b"\xff\xd8", "a damaged JPEG"),
             (b"BM", "a BMP image"), (b"RIFF", "a RIFF file (an AVI video or a WAV sound)"),
             (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
             (b"<", "a text or web page file"), (b"{", "a text file"))
    return next((name for magic, name in known if data.startswith(magic)), "not an image")


def _bomb(width: int, height: int, max_pixels: int) -> UploadRefused:
    return UploadRefused(f"the image is {width:,} × {height:,} pixels, more than the {max_pixels:,} allowed, so it "
                         "was refused before it was opened (a small file that opens to an enormous picture is a "
                         "decompression bomb). Resize the image and upload it again", reason="too_many_pixels")


def _unreadable(detail: str) -> UploadRefused:
    return UploadRefused(f"the image could not be read ({detail}): it may be damaged or incomplete. Save it again "
                         f"as {ACCEPTED} and upload it again", reason="unreadable")


def _open(data: bytes, max_pixels: int) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data), formats=OPENERS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise UploadRefused(f"the image declares far more pixels than the {max_pixels:,} allowed, so it was "
                                "refused before it was opened (a small file that opens to an enormous picture is a "
                                "decompression bomb). Resize the image and upload it again",
                                reason="too_many_pixels") from None
        except UnidentifiedImageError:
            raise UploadRefused(f"the file is {_what_it_is(data)}, not an image or video CivicGuard accepts "
                                f"({ACCEPTED}; video as {VIDEO_ACCEPTED}); the file's name does not matter, "
                                "only what is in it", reason="not_image") from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise _unreadable(exc.__class__.__name__) from None
    if img.width * img.height > max_pixels or img.width <= 0 or img.height <= 0:
        width, height = img.size
        img.close()
        raise _bomb(width, height, max_pixels)
    return img


def _xmp(img: Image.Image) -> bytes:
    value = img.info.get("xmp") or img.info.get("XML:com.adobe.xmp") or b""
    return value.encode("utf-8", "replace") if isinstance(value, str) else bytes(value)


def _metadata_facts(img: Image.Image) -> tuple[bool, bool, bool]:
    """(had_location, had_device, had_metadata) of the original, read without trusting it."""
    location = device = False
    try:
        exif = img.getexif()
    except Exception:  # noqa: BLE001 - a malformed EXIF block is dropped with the rest of the metadata
        exif = None
    if exif:
        try:
            location = bool(exif.get_ifd(EXIF_GPS_IFD)) or EXIF_GPS_IFD in exif
            sub = exif.get_ifd(EXIF_IFD)
            device = any(tag in exif or tag in sub for tag in DEVICE_TAGS)
        except Exception:  # noqa: BLE001
            location = location or EXIF_GPS_IFD in exif
    xmp = _xmp(img)
    if b"GPSLatitude" in xmp or b"GPSLongitude" in xmp:
        location = True
    if any(word in xmp for word in (b"tiff:Make", b"tiff:Model", b"aux:SerialNumber", b"aux:Lens")):
        device = True
    metadata = bool(exif) or bool(xmp) or any(key in img.info for key in ("icc_profile", "exif", "comment")) \
        or any(isinstance(v, str) for k, v in img.info.items() if k not in ("transparency",))
    return location, device, metadata or location or device


def _pixels_only(img: Image.Image) -> Image.Image:
    """A new image holding only the pixels (sRGB), with nothing of the original's metadata."""
    profile = img.info.get("icc_profile")
    if profile and img.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            from PIL import ImageCms

            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            out_mode = "RGBA" if img.mode == "RGBA" else "RGB"
            img = ImageCms.profileToProfile(img, source, ImageCms.createProfile("sRGB"), outputMode=out_mode) or img
        except Exception:  # noqa: BLE001 - a profile that cannot be applied is dropped; the colours may shift a little
            pass
    has_alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
    mode = "RGBA" if has_alpha else ("L" if img.mode in ("L", "1") else "RGB")
    if img.mode != mode:
        img = img.convert(mode)
    return Image.frombytes(mode, img.size, img.tobytes())


def _encode(img: Image.Image, fmt: str) -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG":
        (img.convert("RGB") if img.mode == "RGBA" else img).save(buf, format="JPEG", quality=90, optimize=True)
    elif fmt == "WEBP":
        img.save(buf, format="WEBP", quality=90)
    else:
        img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def examine(data: bytes, *, max_bytes: int, max_pixels: int = DEFAULT_MAX_PIXELS,
            max_seconds: float = DEFAULT_MAX_SECONDS) -> Examined:
    """Check an upload by its content and make its clean copy, or raise UploadRefused saying why."""
    if not data:
        raise UploadRefused("the selected file is empty", reason="empty")
    if len(data) > max_bytes:
        raise UploadRefused(f"the file is larger than {_mb(max_bytes)}; make it smaller and upload it again",
                            reason="too_large")
    container = container_of(data)
    if container is not None:
        from civicguard.apps.media.video import examine_video

        return examine_video(data, container, max_pixels=max_pixels, max_seconds=max_seconds)
    img = _open(data, max_pixels)
    with img:
        fmt = img.format or ""
        if fmt not in FORMATS:
            raise UploadRefused(f"the file is a {fmt or 'unknown'} image; use {ACCEPTED}", reason="not_image")
        try:
            img.verify()
        except Exception as exc:  # noqa: BLE001 - a hostile file can make a decoder raise anything
            raise _unreadable(exc.__class__.__name__) from None
    img = _open(data, max_pixels)  # verify() leaves the image unusable: open it again to decode it
    with img, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img.seek(0)  # the first frame of a GIF, WebP or MPO
            img.load()
            location, device, metadata = _metadata_facts(img)
            try:
                oriented = ImageOps.exif_transpose(img) or img
            except Exception:  # noqa: BLE001 - an orientation that cannot be read is not applied
                oriented = img
            if oriented.width * oriented.height > max_pixels:
                raise _bomb(oriented.width, oriented.height, max_pixels)
            if oriented is not img and "icc_profile" in img.info:
                oriented.info["icc_profile"] = img.info["icc_profile"]
            clean_img = _pixels_only(oriented)
        except UploadRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _bomb(img.width, img.height, max_pixels) from None
        except Exception as exc:  # noqa: BLE001
            raise _unreadable(exc.__class__.__name__) from None
    out = CLEAN_FORMAT[fmt]
    clean = _encode(clean_img, out)
    return Examined(format=fmt, content_type=MIME[fmt], sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                    width=clean_img.width, height=clean_img.height, had_location=location, had_device=device,
                    had_metadata=metadata, clean=clean, clean_content_type=MIME[out],
                    clean_extension=EXTENSION[out])
