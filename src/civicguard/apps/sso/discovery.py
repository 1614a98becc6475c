"""A directory's endpoints, from its discovery document (OpenID Connect Discovery 1.0), cached per process."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import requests

from civicguard.apps.sso.config import DirectoryConfig

CACHE_SECONDS = 3600
TIMEOUT = 10


class DiscoveryError(Exception):
    """The directory's discovery document could not be read or does not fit the configured issuer."""


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    userinfo: str
    jwks: str


_cache: dict[str, tuple[float, Endpoints]] = {}
_lock = threading.Lock()


def endpoints(config: DirectoryConfig) -> Endpoints:
    with _lock:
        cached = _cache.get(config.issuer)
        if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
    url = config.issuer + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise DiscoveryError(f"could not read {url}: {exc}") from None
    if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != config.issuer:
        raise DiscoveryError(f"{url} names another issuer than {config.issuer}")
    try:
        found = Endpoints(authorization=document["authorization_endpoint"], token=document["token_endpoint"],
                          userinfo=document["userinfo_endpoint"], jwks=document["jwks_uri"])
    except KeyError as exc:
        raise DiscoveryError(f"{url} has no {exc.args[0]}") from None
    with _lock:
        _cache[config.issuer] = (time.monotonic(), found)
    return found


def forget() -> None:
    with _lock:
        _cache.clear()
