"""One way of writing a social media profile's address, so that the same profile always counts once when repeat
viewing is counted (St Helens 8.2): pure, no Django.

`https://M.Facebook.com/jo.bloggs?fbclid=abc#about`, `facebook.com/jo.bloggs/` and `http://www.facebook.com/jo.bloggs`
are all `https://facebook.com/jo.bloggs/`: the scheme and host in lower case (http folded into https), `www.`,
`m.` and `mobile.` dropped, a platform's other names folded (twitter.com is x.com, fb.com is facebook.com), the
tracking part of the query and the fragment removed, and one trailing slash on the path. What identifies the
profile in the query (Facebook's `profile.php?id=...`) is kept.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MAX_ADDRESS = 1000
HOST_PREFIXES = ("www.", "m.", "mobile.", "mbasic.", "touch.")
HOST_ALIASES = {"twitter.com": "x.com", "fb.com": "facebook.com", "instagr.am": "instagram.com",
                "youtu.be": "youtube.com"}
PLATFORMS = {"facebook.com": "Facebook", "x.com": "X (Twitter)", "instagram.com": "Instagram",
             "tiktok.com": "TikTok", "linkedin.com": "LinkedIn", "youtube.com": "YouTube",
             "snapchat.com": "Snapchat", "threads.net": "Threads", "bsky.app": "Bluesky", "reddit.com": "Reddit"}
TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|dclid|msclkid|igshid|igsh|mibextid|si|s|t|ref|ref_src|ref_url|"
                      r"__tn__|__cft__.*|hc_ref|fref|rdid|share_url|sfnsn|_rdr|lang|hl|locale)$", re.IGNORECASE)


class NotAProfile(ValueError):
    """The text is not a web address of a profile."""


def normalise(address: str) -> tuple[str, str]:
    """(the normalised address, the platform's name or the host). Raises NotAProfile with a plain reason."""
    text = (address or "").strip()
    if not text:
        raise NotAProfile("Enter the profile's address, for example https://www.facebook.com/jo.bloggs")
    if len(text) > MAX_ADDRESS:
        raise NotAProfile(f"The address is too long (at most {MAX_ADDRESS} characters)")
    if any(ch.isspace() for ch in text):
        raise NotAProfile("A web address has no spaces: copy it from the browser's address bar")
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".")
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        raise NotAProfile("That is not a web address: copy it from the browser's address bar") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise NotAProfile("The address must start with https:// (a web page)")
    if "." not in host or not re.fullmatch(r"[a-z0-9.-]+", host):
        raise NotAProfile("That is not a web address: copy it from the browser's address bar")
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    host = HOST_ALIASES.get(host, host)
    path = re.sub(r"/{2,}", "/", parts.path or "/").rstrip("/") + "/"
    kept = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=False) if not TRACKING.match(k))
    query = urlencode(kept)
    return urlunsplit(("https", host, path, query, "")), PLATFORMS.get(host, host)
