"""Pictures attached to comments: found in the platform's own item, fetched in the worker, handed to the image checks.

Meta (a Facebook comment's `photo`, or `video`) and Mastodon (a status's `media_attachments`) give the address of
each attachment, never the picture. The checking task (`services.scan`, in the worker; never the webhook request,
which only stores the comment) fetches each one under these rules:

* only from an allow-list of platform hosts: CIVICGUARD_ATTACHMENT_HOSTS (shell-style patterns; by default Meta's
  and Instagram's picture hosts, `*.fbcdn.net` and `*.cdninstagram.com`), and for a Mastodon comment the host of the
  council account's instance and the hosts under it (`mastodon.social`, `files.mastodon.social`). A pattern without
  a port allows port 443 only; `host:port` allows that port;
* `https://` only, with the certificate checked (against CIVICGUARD_ATTACHMENT_CA_FILE when set);
* redirects followed by hand, at most three, each to an address that passes the same checks (never off the list);
* at most CIVICGUARD_ATTACHMENT_MAX_BYTES, read in pieces and given up as soon as it is over (a declared length over
  it is refused before a byte is read); CIVICGUARD_ATTACHMENT_SECONDS for the whole fetch, redirects included;
  CIVICGUARD_ATTACHMENT_BATCH_SECONDS for one task's fetches together (four at a time);
* at most four attachments a comment (Mastodon's own limit).

Whatever goes wrong (a host not on the list, a timeout, too big, an answer that is not 200, a video, more than four)
gives the image checks an image they cannot read, with the reason: the comment then needs a person, and the queue
says why. It is never "nothing found". What is fetched is judged by its content by the engine's decoder (the media
limits; a decompression bomb refused) and is kept nowhere.
"""

from __future__ import annotations

import fnmatch
import http.client
import ssl
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from civicguard.engine.images.facts import ImageFacts
from civicguard.engine.model import ImageRef

MAX_ATTACHMENTS = 4
MAX_REDIRECTS = 3
PARALLEL = 4
CHUNK = 64 * 1024
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Attachment:
    """One attachment as the platform describes it: its address, its kind and its description (alt text)."""

    url: str
    kind: str  # image | video | audio | other
    description: str = ""

    @property
    def label(self) -> str:
        """The address without its query (Meta's carry signed tokens): how findings and the queue name it."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else self.url[:200]


@dataclass(frozen=True)
class FetchLimits:
    hosts: tuple[str, ...]
    max_bytes: int
    seconds: float
    ca_file: str | None = None


class FetchRefused(Exception):
    """The attachment was not fetched; `reason` says why in words a moderator can act on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---- what the platforms send ------------------------------------------------------------------------------------

def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def attachments_of(platform: str, raw: Any) -> list[Attachment]:
    """The attachments a stored comment's platform item names (none for platforms that give none)."""
    if not isinstance(raw, dict):
        return []
    if platform == "facebook":
        found = [Attachment(_text(raw.get("photo")), "image")] if _text(raw.get("photo")) else []
        if _text(raw.get("video")):
            found.append(Attachment(_text(raw.get("video")), "video"))
        return found
    if platform == "mastodon":
        status = raw.get("status") if isinstance(raw.get("status"), dict) else raw
        items = status.get("media_attachments") if isinstance(status, dict) else None
        found = []
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            kind = _text(item.get("type"))
            kind = kind if kind in ("image", "video", "audio") else ("video" if kind == "gifv" else "other")
            url = _text(item.get("url")) or _text(item.get("remote_url"))
            found.append(Attachment(url, kind, _text(item.get("description"))[:1000]))
        return found
    return []


# ---- where it may come from -------------------------------------------------------------------------------------

def host_allowed(host: str, port: int | None, patterns: Sequence[str]) -> bool:
    """Whether `host` (and `port`: None for the default) matches one of the allow-list's patterns."""
    host = host.lower().rstrip(".")
    for pattern in patterns:
        name, colon, wanted = pattern.strip().lower().rpartition(":")
        if not colon:
            name, wanted = wanted, ""
        if wanted:
            if not wanted.isdigit() or port != int(wanted):
                continue
        elif port not in (None, 443):
            continue
        if name and fnmatch.fnmatchcase(host, name):
            return True
    return False


def _instance_hosts(account: Any) -> tuple[str, ...]:
    """A Mastodon account's instance (from its profile address or its handle name@instance) and the hosts under
    it, where its media are served from (files.instance, media.instance...)."""
    host = urlsplit(getattr(account, "profile_url", "") or "").hostname or ""
    if not host:
        handle = str(getattr(account, "handle", "")).lstrip("@")
        host = handle.rpartition("@")[2] if "@" in handle else ""
    host = host.lower().strip(".")
    return (host, f"*.{host}") if host and "." in host else ()


def limits_for(comment: Any) -> FetchLimits:
    hosts = tuple(settings.CIVICGUARD_ATTACHMENT_HOSTS)
    if comment.platform == "mastodon":
        hosts += _instance_hosts(comment.account)
    return FetchLimits(hosts=hosts, max_bytes=int(settings.CIVICGUARD_ATTACHMENT_MAX_BYTES),
                       seconds=float(settings.CIVICGUARD_ATTACHMENT_SECONDS),
                       ca_file=settings.CIVICGUARD_ATTACHMENT_CA_FILE or None)


# ---- fetching ---------------------------------------------------------------------------------------------------

def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _target(url: str, limits: FetchLimits) -> tuple[str, int | None, str]:
    """(host, port, path and query) of an address that may be fetched, or FetchRefused saying why not."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchRefused("its address is not a valid web address") from None
    if parts.scheme.lower() != "https":
        raise FetchRefused("its address is not https://, and only secure addresses are fetched")
    host = parts.hostname or ""
    if not host_allowed(host, port, limits.hosts):
        where = f"{host}:{port}" if port else host
        raise FetchRefused(f"{where or 'its host'} is not one of the platform hosts pictures are fetched from "
                           "(CIVICGUARD_ATTACHMENT_HOSTS)")
    return host, port, (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def fetch(url: str, limits: FetchLimits) -> bytes:
    """The attachment's bytes, under the rules in this module's docstring; FetchRefused otherwise."""
    deadline = time.monotonic() + limits.seconds
    context = ssl.create_default_context(cafile=limits.ca_file)

    def left() -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchRefused(f"it took longer than {limits.seconds:g} seconds to fetch")
        return remaining

    for _ in range(MAX_REDIRECTS + 1):
        host, port, path = _target(url, limits)
        conn = http.client.HTTPSConnection(host, port, timeout=left(), context=context)
        try:
            conn.request("GET", path, headers={"User-Agent": "CivicGuard (comment moderation)", "Accept": "image/*"})
            response = conn.getresponse()
            if response.status in REDIRECTS:
                location = response.getheader("Location") or ""
                if not location:
                    raise FetchRefused(f"the platform answered {response.status} without saying where to go")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchRefused(f"the platform answered {response.status} {response.reason}".rstrip())
            declared = response.getheader("Content-Length") or ""
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchRefused(f"it is {_mb(int(declared))}, over the limit of {_mb(limits.max_bytes)}")
            data = bytearray()
            while True:
                if conn.sock is not None:
                    conn.sock.settimeout(left())
                piece = response.read1(CHUNK)
                if not piece:
                    return bytes(data)
                data += piece
                if len(data) > limits.max_bytes:
                    raise FetchRefused(f"it is over the limit of {_mb(limits.max_bytes)}")
                left()
        except TimeoutError:
            raise FetchRefused(f"it took longer than {limits.seconds:g} seconds to fetch") from None
        except ssl.SSLError as exc:
            raise FetchRefused(f"its host's certificate could not be trusted ({exc.reason or exc})") from None
        except (OSError, http.client.HTTPException) as exc:
            raise FetchRefused(f"it could not be fetched ({type(exc).__name__}: {exc})") from None
        finally:
            conn.close()
    raise FetchRefused(f"the platform redirected it more than {MAX_REDIRECTS} times")


def _unreadable(attachment: Attachment, reason: str) -> ImageRef:
    return ImageRef(ref=attachment.label, alt_text=attachment.description, facts=ImageFacts.failed(reason))


def comment_images(comments: Sequence[Any]) -> dict[int, tuple[ImageRef, ...]]:
    """The attachments of each comment (by id) as images for the check: fetched, four at a time, within the batch's
    time; each one that could not be fetched (or is not a picture) carries the reason instead of its bytes."""
    jobs: list[tuple[int, int, Attachment, FetchLimits]] = []
    out: dict[int, list[ImageRef | None]] = {}
    for comment in comments:
        found = attachments_of(comment.platform, comment.raw)
        if not found:
            continue
        slots: list[ImageRef | None] = []
        limits = limits_for(comment)
        for attachment in found[:MAX_ATTACHMENTS]:
            if attachment.kind != "image":
                slots.append(_unreadable(attachment, f"is {'an' if attachment.kind in ('audio', 'other') else 'a'} "
                                                      f"{attachment.kind} attachment, which is not checked "
                                                      "automatically"))
            elif not attachment.url:
                slots.append(_unreadable(attachment, "was sent without its address, so it could not be fetched"))
            else:
                jobs.append((comment.pk, len(slots), attachment, limits))
                slots.append(None)
        if len(found) > MAX_ATTACHMENTS:
            extra = Attachment(f"{len(found) - MAX_ATTACHMENTS} more attachments", "other")
            slots.append(_unreadable(extra, f"were not fetched: at most {MAX_ATTACHMENTS} are checked a comment"))
        out[comment.pk] = slots
    if jobs:
        budget = float(settings.CIVICGUARD_ATTACHMENT_BATCH_SECONDS)
        pool = ThreadPoolExecutor(max_workers=min(PARALLEL, len(jobs)), thread_name_prefix="civicguard-attachments")
        futures = {pool.submit(fetch, attachment.url, limits): (pk, slot, attachment)
                   for pk, slot, attachment, limits in jobs}
        wait(futures, timeout=budget)
        pool.shutdown(wait=False, cancel_futures=True)
        for future, (pk, slot, attachment) in futures.items():
            if not future.done() or future.cancelled():
                ref = _unreadable(attachment, f"could not be fetched: the {budget:g} seconds for this batch's "
                                              "attachments ran out")
            elif isinstance(future.exception(), FetchRefused):
                ref = _unreadable(attachment, f"could not be fetched: {future.exception()}")
            elif future.exception() is not None:
                ref = _unreadable(attachment, f"could not be fetched: {type(future.exception()).__name__}")
            else:
                ref = ImageRef(ref=attachment.label, alt_text=attachment.description, data=future.result())
            out[pk][slot] = ref
    return {pk: tuple(ref for ref in slots if ref is not None) for pk, slots in out.items()}
