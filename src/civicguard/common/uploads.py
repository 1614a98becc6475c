"""Reading the text of an uploaded Word (.docx) or PDF document without letting the file exhaust the server.

A hostile document is small on the wire and enormous once opened: a 1.2 MB .docx whose one XML part inflates
to 500 MB (a zip bomb), an XML part that declares an entity expanding to itself a billion times, a PDF whose
streams inflate without end or that has a million pages. Every reader here counts what it expands *while* it
expands it and stops at a limit, so memory and time stay bounded whatever the file claims about itself:

* .docx (a zip of XML parts). Before a byte is inflated: at most `max_parts` members, no member that is itself
  an archive (.zip, .gz, ...), the sizes the zip declares add up to at most `max_expanded_bytes`, and no member
  declares a compression ratio above `max_ratio`. Then the one part holding the text (word/document.xml) is
  inflated in 64 KB chunks: the bytes are counted against the same two limits (the ratio against the part's
  compressed size, from the first megabyte on, since small XML parts compress far better than 100:1), it must
  not be an archive itself, and each chunk goes straight to expat, which keeps no tree: only the text inside
  `w:t` runs is kept, up to `max_text` characters. A DOCTYPE is refused outright (Word never writes one), so
  no entity can be declared and no external file or URL can be named.
* PDF. pypdf's own limits are tightened for the read: one stream inflates to at most `max_pdf_stream_bytes`,
  one page's content stream holds at most `max_pdf_page_tokens` operators and operands (pypdf would otherwise
  spend tens of seconds on a page of a million operators); the external JBIG2 decoder is never called; at most
  `max_pdf_pages` pages, text up to `max_text` characters, and the reading stops once it has taken
  `max_seconds` (checked between pages; one page is bounded by the limits before).

Whatever the reason, the caller gets `UploadRefused` with a plain-English message that says what to do.
This module imports no Django: the limits come in as `UploadLimits` (the web app builds them from settings),
so the memory test can run it in a bare subprocess. See docs/bad-input.md for the figures.
"""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from civicguard.errors import BadInput

MB = 1024 * 1024
CHUNK = 64 * 1024
# Below this many inflated bytes the ratio is not judged: a small XML part of repeated tags compresses 200:1.
RATIO_FLOOR = 1 * MB
DOCX_MAIN = "word/document.xml"
ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".cab", ".jar", ".zst")
ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"\x28\xb5\x2f\xfd")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "  # expat's "namespace local" separator


@dataclass(frozen=True)
class UploadLimits:
    max_expanded_bytes: int = 64 * MB
    max_ratio: int = 100
    max_parts: int = 1000
    max_pdf_pages: int = 500
    # One PDF stream inflates to at most this (pypdf's default is 75 MB); a page's text sits in well under 1 MB.
    max_pdf_stream_bytes: int = 16 * MB
    # Operators and operands one content stream may hold: a dense page of text has 10,000 to 50,000; pypdf reads
    # about 200,000 a second, so one hostile page is refused in about a second (its default is 2,000,000).
    max_pdf_page_tokens: int = 250_000
    max_text: int = 2_000_000
    max_seconds: float = 10.0


class UploadRefused(BadInput):
    """The file was not read: too big once opened, too many parts, or not the document it says it is."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message, reason=reason)
        self.reason = reason


def _mb(n: int) -> str:
    return f"{n // MB:,} MB" if n >= MB else f"{n:,} bytes"


def _too_big(limits: UploadLimits) -> UploadRefused:
    return UploadRefused(f"the selected file expands to more than {_mb(limits.max_expanded_bytes)} when opened; "
                         "paste the document's text instead", reason="expands_too_much")


def _too_compressed(limits: UploadLimits) -> UploadRefused:
    return UploadRefused(f"the selected file is compressed more than {limits.max_ratio} to 1, which a real document "
                         "never is; paste the document's text instead", reason="ratio")


def _too_much_text(limits: UploadLimits) -> UploadRefused:
    return UploadRefused(f"the document has more than {limits.max_text:,} characters of text; register only the "
                         "part that must stay confidential", reason="too_much_text")


class ExpansionBudget:
    """Inflated bytes counted as they arrive, against a total and a ratio to what they were inflated from."""

    def __init__(self, limits: UploadLimits) -> None:
        self.limits = limits
        self.total = 0

    def declared(self, infos: list[zipfile.ZipInfo]) -> None:
        """What the zip says about itself: refused before a byte is inflated when it already admits too much."""
        if sum(i.file_size for i in infos) > self.limits.max_expanded_bytes:
            raise _too_big(self.limits)
        for info in infos:
            if info.file_size > RATIO_FLOOR and info.file_size > self.limits.max_ratio * max(info.compress_size, 1):
                raise _too_compressed(self.limits)

    def take(self, inflated_so_far: int, compressed_size: int, chunk: int) -> None:
        """Count one chunk of a part whose `inflated_so_far` bytes (this chunk included) came from
        `compressed_size` bytes; raise as soon as either limit is passed."""
        self.total += chunk
        if self.total > self.limits.max_expanded_bytes:
            raise _too_big(self.limits)
        if inflated_so_far > RATIO_FLOOR and inflated_so_far > self.limits.max_ratio * max(compressed_size, 1):
            raise _too_compressed(self.limits)


class _WordText:
    """expat handlers that keep the text of a WordprocessingML body and nothing else.

    A paragraph is a line; the cells of a table row share one line, separated by spaces (as a reader reads a
    row); tabs and line breaks inside a run are kept as such. Deleted text (w:delText) and field codes
    (w:instrText) are not text a reader sees, so they are not kept.
    """

    def __init__(self, max_text: int, limits: UploadLimits) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.in_text = 0
        self.cell_depth = 0
        self.max_text = max_text
        self.limits = limits

    def _add(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size > self.max_text:
            raise _too_much_text(self.limits)

    def start(self, name: str, attrs: object) -> None:
        if name == W + "t":
            self.in_text += 1
        elif name == W + "tab":
            self._add("\t")
        elif name in (W + "br", W + "cr"):
            self._add("\n")
        elif name == W + "tc":
            self.cell_depth += 1

    def end(self, name: str) -> None:
        if name == W + "t":
            self.in_text -= 1
        elif name == W + "p":
            self._add(" " if self.cell_depth else "\n")
        elif name == W + "tc":
            self.cell_depth -= 1
        elif name == W + "tr":
            self._add("\n")

    def data(self, text: str) -> None:
        if self.in_text:
            self._add(text)

    def text(self) -> str:
        lines = "".join(self.parts).split("\n")
        return "\n".join(line.strip() for line in lines if line.strip())


def _no_doctype(*_: object) -> None:
    raise UploadRefused("the Word document declares a document type, which Word never writes; save it again from "
                        "Word or paste the document's text instead", reason="doctype")


def _parser(sink: _WordText) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    parser.StartElementHandler = sink.start
    parser.EndElementHandler = sink.end
    parser.CharacterDataHandler = sink.data
    parser.buffer_text = True
    return parser


def _is_archive_name(name: str) -> bool:
    return name.lower().rstrip("/").endswith(ARCHIVE_SUFFIXES)


def docx_text(data: bytes, limits: UploadLimits) -> str:
    """The text of a .docx, read as it streams; UploadRefused when it is not one or asks for too much."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise UploadRefused("the Word document could not be read (it is not a complete zip file); save it again "
                            "or paste the text", reason="unreadable") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_parts:
            raise UploadRefused(f"the selected file has more than {limits.max_parts:,} parts, which a Word document "
                                "never has; paste the document's text instead", reason="parts")
        nested = next((i.filename for i in infos if _is_archive_name(i.filename)), None)
        if nested is not None:
            raise UploadRefused(f"the Word document holds another compressed file ({nested[-80:]}); remove it or "
                                "paste the document's text instead", reason="nested_archive")
        main = next((i for i in infos if i.filename == DOCX_MAIN), None)
        if main is None:
            raise UploadRefused("the file is a zip but not a Word document (it has no word/document.xml)",
                                reason="not_docx")
        budget = ExpansionBudget(limits)
        budget.declared(infos)
        sink = _WordText(limits.max_text, limits)
        parser = _parser(sink)
        inflated = 0
        try:
            with archive.open(main) as part:
                while chunk := part.read(CHUNK):
                    if inflated == 0 and chunk.startswith(ARCHIVE_MAGIC):
                        raise UploadRefused("the Word document's text is itself a compressed file; paste the "
                                            "document's text instead", reason="nested_archive")
                    inflated += len(chunk)
                    budget.take(inflated, main.compress_size, len(chunk))
                    parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except UploadRefused:
            raise
        except expat.ExpatError as exc:
            raise UploadRefused(f"the Word document could not be read (its text part is not well-formed XML: "
                                f"{expat.ErrorString(exc.code)}, line {exc.lineno})", reason="unreadable") from None
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError, ValueError) as exc:
            # a bad CRC, an encrypted part, a compression method zipfile cannot read, a truncated stream
            raise UploadRefused(f"the Word document could not be read ({exc.__class__.__name__}); save it again "
                                "or paste the text", reason="unreadable") from None
    return sink.text()


def _declared_pages(reader: Any) -> int:
    """The page count the PDF's page tree declares at its root (0 when it declares none it can be read as)."""
    try:
        count = reader.trailer["/Root"]["/Pages"]["/Count"]
        return int(count)
    except Exception:  # noqa: BLE001 - a malformed root is judged by the real walk that follows
        return 0


def pdf_text(data: bytes, limits: UploadLimits) -> str:
    """The text layer of a PDF, page by page, within the limits; UploadRefused otherwise."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import FileNotDecryptedError, LimitReachedError

    started = time.monotonic()
    cap = limits.max_pdf_stream_bytes
    with apply_configuration(
        maximum_declared_stream_length=cap, zlib_maximum_output_length=cap, lzw_maximum_output_length=cap,
        run_length_maximum_output_length=cap, array_based_stream_maximum_output_length=cap,
        brotli_maximum_output_length=cap, jbig2_maximum_output_length=cap, image_maximum_buffer_size=cap,
        stream_decoding_work_maximum_length=4 * cap, stream_parsing_work_maximum_count=limits.max_pdf_page_tokens,
        xform_maximum_invocations_per_extraction=1000, jbig2dec_binary=None,
    ):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise UploadRefused("the PDF is password-protected; remove the password or paste the text",
                                    reason="encrypted")
            # The count the file declares first (one number, no walk of the page tree), then the real one.
            if _declared_pages(reader) > limits.max_pdf_pages or len(reader.pages) > limits.max_pdf_pages:
                raise UploadRefused(f"the PDF has more than {limits.max_pdf_pages:,} pages; register only the part "
                                    "that must stay confidential, or paste its text", reason="pages")
            texts: list[str] = []
            size = 0
            for page in reader.pages:
                text = page.extract_text() or ""
                size += len(text)
                if size > limits.max_text:
                    raise _too_much_text(limits)
                texts.append(text)
                if time.monotonic() - started > limits.max_seconds:
                    raise UploadRefused(f"the PDF took more than {limits.max_seconds:g} seconds to read; paste the "
                                        "document's text instead", reason="too_slow")
        except UploadRefused:
            raise
        except LimitReachedError as exc:
            if "decompress" in str(exc) or "length" in str(exc):
                raise UploadRefused(f"part of the PDF expands to more than {_mb(limits.max_pdf_stream_bytes)} when "
                                    "opened; paste the document's text instead",
                                    reason="expands_too_much") from None
            raise UploadRefused("the PDF is too complex to read safely (a page with too many drawing instructions, or "
                                "parts that refer to themselves); paste the document's text instead",
                                reason="too_complex") from None
        except FileNotDecryptedError:
            raise UploadRefused("the PDF is password-protected; remove the password or paste the text",
                                reason="encrypted") from None
        except Exception as exc:  # a hostile or broken file can make the parser raise almost anything
            raise UploadRefused(f"the PDF could not be read ({exc.__class__.__name__}); paste the text instead",
                                reason="unreadable") from None
    return "\n".join(texts)
