"""A council is a tenant: its policy pack, its service areas, its people. Nothing crosses between councils."""

from __future__ import annotations

from django.db import models


class Council(models.Model):
    slug = models.SlugField(unique=True, help_text="the id of its policy pack, e.g. st-helens")
    name = models.CharField(max_length=200)
    pack_version = models.CharField(max_length=200, blank=True)
    pack_digest = models.CharField(max_length=64, blank=True, help_text="sha256 of the pack as last loaded")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="service_areas")
    slug = models.SlugField()
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["council", "slug"], name="service_area_unique_per_council")]

    def __str__(self) -> str:
        return self.name
