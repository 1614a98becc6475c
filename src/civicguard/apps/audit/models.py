"""The audit trail: append-only, each entry chained to the one before it by an HMAC-SHA256 under the audit key
(entries written before the key: by their plain SHA-256; `scheme` says which, chain.py how)."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models


class AppendOnly(Exception):
    pass


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit entries cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnly("audit entries cannot be deleted")


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    created = models.DateTimeField(db_index=True)
    actor = models.CharField(max_length=150, blank=True, help_text="username; empty means the system")
    council = models.CharField(max_length=50, blank=True, db_index=True)
    event = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=80, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    correlation = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    scheme = models.CharField(max_length=16, choices=[("sha256", "SHA-256 (written before the audit key)"),
                                                      ("hmac-sha256", "HMAC-SHA256 with the audit key")],
                              help_text="how `hash` was made; every new entry is hmac-sha256")

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "audit entries"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit entries cannot be deleted")

    @property
    def actor_label(self) -> str:
        return self.actor or "system"


class AuditHead(models.Model):
    """One row: the chain's tip. Bumping it first serialises writers on SQLite and PostgreSQL alike."""

    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
