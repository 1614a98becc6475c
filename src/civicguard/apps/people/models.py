"""Staff records and service areas (St Helens 4.1, 5.7; Sefton 4.1-4.2): who the policy applies to, how they are
employed, who manages them, and whether their post is politically restricted (set by HR, never by the person)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from civicguard.apps.councils.models import Council, ServiceArea

# A service area is the council's own (councils.ServiceArea: accounts and role assignments name it too); this app
# adds who manages it (AreaManager) and who works in it (StaffRecord.service_area).


class EmploymentType(models.TextChoices):
    # The people each policy names (St Helens 4.1; Sefton 4.1-4.2).
    EMPLOYEE = "employee", "Employee"
    TEMPORARY = "temporary", "Temporary"
    AGENCY_WORKER = "agency-worker", "Agency worker"
    CONTRACTOR = "contractor", "Contractor"
    CONSULTANT = "consultant", "Consultant"
    SECONDEE = "secondee", "Secondee"


class StaffRecord(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="staff_records")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="staff_records", help_text="their CivicGuard sign-in, if they have one")
    name = models.CharField(max_length=200)
    work_email = models.EmailField(max_length=254)
    employment_type = models.CharField(max_length=20, choices=EmploymentType.choices,
                                       default=EmploymentType.EMPLOYEE)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="staff_records")
    line_manager = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="reports")
    politically_restricted = models.BooleanField(default=False)
    restricted_set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+",
                                          help_text="empty when set by HR's import or before CivicGuard")
    restricted_set_at = models.DateTimeField(null=True, blank=True)
    hr_reference = models.CharField(max_length=100, blank=True)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("work_email"), "council",
                                               name="people_staffrecord_unique_email")]

    def __str__(self) -> str:
        return f"{self.name} <{self.work_email}>"


class AreaManager(models.Model):
    """The manager of a service area (at most one)."""

    area = models.OneToOneField(ServiceArea, on_delete=models.CASCADE, related_name="manager_record")
    manager = models.ForeignKey(StaffRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"{self.area}: {self.manager or 'no manager'}"


class ImportRun(models.Model):
    """One load of HR's export (`staff_import`), a dry run or not: who, when, the file, the counts and what changed
    on each row. A dry run from the import page keeps the file's rows until it is confirmed (then they are cleared),
    so that what HR confirms is exactly what they checked."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="staff_imports")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", help_text="empty when run from the command line")
    started = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255, blank=True)
    dry_run = models.BooleanField(default=False)
    deactivate_missing = models.BooleanField(default=False)
    counts = models.JSONField(default=dict)          # created, updated, unchanged, bad_rows, not_in_export, ...
    changes = models.JSONField(default=list)         # [{line, email, action, changes: {field: [before, after]}}]
    bad = models.JSONField(default=list)             # [{line, problem}]
    not_in_export = models.JSONField(default=list)   # e-mails of active records the export leaves out
    deactivated = models.JSONField(default=list)     # of those, the ones marked inactive (--deactivate-missing)
    areas_added = models.JSONField(default=list)
    source_rows = models.JSONField(default=list, blank=True,
                                  help_text="a page's dry run: the rows checked, until confirmed")
    confirmed_by_run = models.OneToOneField("self", on_delete=models.SET_NULL, null=True, blank=True,
                                            related_name="preview", help_text="the real run that loaded this check")

    class Meta:
        ordering = ["-started", "-pk"]

    def __str__(self) -> str:
        kind = "dry run" if self.dry_run else "import"
        return f"{self.council}: {kind} of {self.file_name or 'an export'} on {self.started:%Y-%m-%d %H:%M}"
