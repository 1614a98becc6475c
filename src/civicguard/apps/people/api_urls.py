"""/api/v1 endpoints of the people app: staff records, service areas, the import reports."""

from django.urls import path

from civicguard.apps.people import api

urlpatterns = [
    path("staff-records", api.StaffRecordListView.as_view(), name="api-staff-records"),
    path("staff-records/<int:id>", api.StaffRecordDetailView.as_view(), name="api-staff-record"),
    path("staff-records/<int:id>/restriction", api.StaffRestrictionView.as_view(), name="api-staff-record-restriction"),
    path("service-areas", api.ServiceAreaListView.as_view(), name="api-service-areas"),
    path("staff-imports", api.ImportRunListView.as_view(), name="api-staff-imports"),
    path("staff-imports/<int:id>", api.ImportRunDetailView.as_view(), name="api-staff-import"),
]
