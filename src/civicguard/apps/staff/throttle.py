"""Slow down password guessing: after several failed sign-ins for one username (or from one address), refuse
further attempts for a while. Counts live in the cache (Redis when configured, so all web processes share them)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, ip: str) -> list[str]:
    digest = hashlib.sha256(username.lower().encode("utf-8")).hexdigest()[:32]
    return [f"signin-fail:user:{digest}", f"signin-fail:ip:{ip}"]


def locked_out(username: str, ip: str) -> bool:
    limit = settings.CIVICGUARD_LOGIN_MAX_FAILURES
    counts = cache.get_many(_keys(username, ip))
    # The per-address limit is higher: several staff may share one office address.
    user_key, ip_key = _keys(username, ip)
    return counts.get(user_key, 0) >= limit or counts.get(ip_key, 0) >= limit * 4


def note_failure(username: str, ip: str) -> None:
    for key in _keys(username, ip):
        if not cache.add(key, 1, settings.CIVICGUARD_LOGIN_LOCKOUT_SECONDS):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, settings.CIVICGUARD_LOGIN_LOCKOUT_SECONDS)


def clear(username: str, ip: str) -> None:
    cache.delete(_keys(username, ip)[0])
