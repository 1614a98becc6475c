"""The audit events this app writes, with the plain-English name a person reads (see audit/labels.py)."""

AREA = "Staff records"

EVENT_LABELS: dict[str, str] = {
    "people.staff_record.create": "Staff record added",
    "people.staff_record.update": "Staff record changed",
    "people.staff_record.restrict": "Politically restricted post set or cleared",
    "people.service_area.create": "Service area added",
    "people.service_area.manager": "Service area manager set",
    "people.staff.import": "Staff records imported from HR",
    "people.staff.import_checked": "HR's export checked (a dry run: nothing changed)",
}

OBJECT_NAMES: dict[str, str] = {
    "people.staffrecord": "Staff record",
    "people.importrun": "Staff import",
}

OBJECT_PAGES: dict[str, str] = {
    "people.staffrecord": "people:detail",
    "people.importrun": "people:import_run",
}

FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "work_email": "Work e-mail",
    "employment_type": "Employment type",
    "service_area": "Service area",
    "line_manager": "Line manager",
    "hr_reference": "HR reference",
    "active": "Active",
    "user": "Sign-in",
    "manager": "Manager",
    "politically_restricted": "Politically restricted",
    "reason": "Reason",
    "created": "Records added",
    "updated": "Records changed",
    "unchanged": "Records unchanged",
    "bad_rows": "Rows skipped (bad)",
    "not_in_export": "Active people not in this export",
    "service_areas_added": "Service areas added",
    "rows": "Rows that changed",
    "bad": "Rows skipped",
    "deactivated": "Marked inactive (not in this export)",
    "file": "File",
}

VALUE_LABELS = {
    "employment_type": {"employee": "Employee", "temporary": "Temporary", "agency-worker": "Agency worker",
                        "contractor": "Contractor", "consultant": "Consultant", "secondee": "Secondee"},
}
