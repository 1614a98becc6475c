"""Reading the text in an image: Debian's `tesseract-ocr` (English model, `tesseract-ocr-eng`) through `pytesseract`.

Fail closed: no tesseract on the machine, no English model, a time-out or a crash raises `OcrError` with a reason a
person can act on; the caller records it, and the image goes to a person. A machine without tesseract never reads
an image as "no text". `make install` and `.ci/run` install the Debian packages when /usr/bin/tesseract is missing.

Each image is read once, in greyscale, scaled so its long side is between `OcrSettings.min_long_side` and
`max_long_side` (tesseract reads small text badly and large images slowly), with a time limit per image. pytesseract
runs the tesseract program in a child process for each image, so nothing is loaded into this process and a cold
process pays nothing until it reads an image. Measured figures: data/images/text/RESULTS.md.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass

from PIL import Image

# 10 seconds: a page of text takes about one second on one core; ten times that is a stuck or hostile image.
DEFAULT_TIME_LIMIT = 10.0
LANGUAGE = "eng"


class OcrError(RuntimeError):
    """The text in an image could not be read; the message says why, in words a person can act on."""


@dataclass(frozen=True)
class OcrSettings:
    """How an image is read. `psm`: tesseract's page segmentation mode (3: blocks of text found by tesseract itself;
    6: the whole image read as one block); the long side is brought between `min_long_side` (0: never enlarged) and
    `max_long_side` pixels. Chosen by `civicguard.evaluation.images_text.choose_settings` on the train pictures of
    data/images/text and the validation photos of data/images/nudity, never on test: the best character accuracy
    among the settings that read no words into photos without text (psm 6 reads textures as marks and letters,
    and is slow on them); RESULTS.md has every candidate."""

    psm: int = 3
    min_long_side: int = 0
    max_long_side: int = 2000
    # Words tesseract is less sure of than this (0-100) are left out: in a photo with no text, textures read as
    # marks and fragments with low confidence.
    min_confidence: float = 0.0
    time_limit: float = DEFAULT_TIME_LIMIT


_STATUS_LOCK = threading.Lock()
_STATUS: dict[str, str | None] = {}


def tesseract_command() -> str | None:
    """The tesseract program to run: $CIVICGUARD_TESSERACT if set, else `tesseract` on the PATH; None if neither
    is there."""
    configured = os.environ.get("CIVICGUARD_TESSERACT", "").strip()
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    return shutil.which("tesseract")


def unavailable_reason() -> str | None:
    """Why this machine cannot read text in images (no tesseract, no English model), or None when it can.
    Worked out once per process and command (running `tesseract --list-langs` costs a child process)."""
    command = tesseract_command()
    if command is None:
        return ("the text in it could not be read: tesseract (the Debian packages tesseract-ocr and "
                "tesseract-ocr-eng) is not installed on this server")
    with _STATUS_LOCK:
        if command not in _STATUS:
            _STATUS[command] = _probe(command)
        return _STATUS[command]


def _probe(command: str) -> str | None:
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = command
    try:
        languages = pytesseract.get_languages(config="")
    except Exception as exc:  # noqa: BLE001 - any failure to start tesseract means no reading
        return f"the text in it could not be read: tesseract at {command} does not run ({type(exc).__name__})"
    if LANGUAGE not in languages:
        return ("the text in it could not be read: tesseract has no English model (install the Debian package "
                "tesseract-ocr-eng)")
    return None


def prepared(image: Image.Image, settings: OcrSettings) -> Image.Image:
    """The greyscale image tesseract is given, its long side brought into the settings' range."""
    grey = image.convert("L")
    long_side = max(grey.size)
    if long_side <= 0:
        raise OcrError("the text in it could not be read: the image has no pixels")
    scale = 1.0
    if long_side < settings.min_long_side:
        scale = settings.min_long_side / long_side
    elif long_side > settings.max_long_side:
        scale = settings.max_long_side / long_side
    if scale != 1.0:
        size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
        grey = grey.resize(size, Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC)
    return grey


@dataclass(frozen=True)
class Word:
    """One word tesseract read, with its confidence (0-100) and the block, paragraph and line it belongs to."""

    text: str
    confidence: float
    block: int
    paragraph: int
    line: int


def read_words(image: Image.Image, settings: OcrSettings | None = None) -> list[Word]:
    """Every word tesseract reads in `image`, in reading order. Raises OcrError when it cannot read it: no
    tesseract, a time-out, a crash."""
    s = settings or OcrSettings()
    reason = unavailable_reason()
    if reason is not None:
        raise OcrError(reason)
    import pytesseract

    command = tesseract_command()
    assert command is not None
    pytesseract.pytesseract.tesseract_cmd = command
    try:
        data = pytesseract.image_to_data(prepared(image, s), lang=LANGUAGE, config=f"--psm {s.psm}",
                                         timeout=s.time_limit, output_type=pytesseract.Output.DICT)
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise OcrError(f"the text in it could not be read within {s.time_limit:g} seconds") from exc
        raise OcrError(f"the text in it could not be read: tesseract failed ({exc})") from exc
    except (OSError, pytesseract.TesseractError) as exc:
        raise OcrError(f"the text in it could not be read: tesseract failed ({exc})") from exc
    return [Word(str(text).strip(), float(conf), int(block), int(par), int(line))
            for text, conf, block, par, line in zip(data["text"], data["conf"], data["block_num"], data["par_num"],
                                                   data["line_num"], strict=True)
            if str(text).strip()]


def assemble(words: list[Word], min_confidence: float) -> str:
    """The text of the words at or over `min_confidence`: a line break between lines, a blank line between
    paragraphs (a photo's textures read as a scatter of low-confidence marks, which this leaves out)."""
    out: list[str] = []
    last: tuple[int, int, int] | None = None
    for w in words:
        if w.confidence < min_confidence:
            continue
        place = (w.block, w.paragraph, w.line)
        if last is None:
            out.append(w.text)
        elif place == last:
            out.append(" " + w.text)
        else:
            out.append("\n\n" + w.text if place[:2] != last[:2] else "\n" + w.text)
        last = place
    return tidy("".join(out))


def read_text(image: Image.Image, settings: OcrSettings | None = None) -> str:
    """The text tesseract reads in `image` with confidence (whitespace tidied; "" when it finds none). Raises
    OcrError when it cannot read it: no tesseract, a time-out, a crash."""
    s = settings or OcrSettings()
    return assemble(read_words(image, s), s.min_confidence)


def tidy(raw: str) -> str:
    """Tesseract's output with trailing spaces, form feeds and runs of blank lines removed (line breaks kept: a
    line break separates an address's lines, which the text detectors read)."""
    lines = [line.rstrip() for line in raw.replace("\f", "\n").splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip()
