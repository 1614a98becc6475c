"""The cache: Redis when CIVICGUARD_REDIS_URL is set (shared by every web process), else local memory."""

from __future__ import annotations

import os

REDIS_URL = os.environ.get("CIVICGUARD_REDIS_URL", "").strip()

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": os.environ.get("CIVICGUARD_CACHE_PREFIX", "civicguard")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sign-in throttling (per username and per address): after this many failures, wait this long.
CIVICGUARD_LOGIN_MAX_FAILURES = int(os.environ.get("CIVICGUARD_LOGIN_MAX_FAILURES", 5))
CIVICGUARD_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("CIVICGUARD_LOGIN_LOCKOUT_SECONDS", 900))
