from django.urls import path

from civicguard.apps.dashboard import api, views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("council", views.switch_council, name="council"),
    # The Information Management Group's oversight dashboard (docs/dashboard-design.md).
    path("dashboard/", views.oversight, name="oversight"),
    path("dashboard/records", views.records, name="records"),
    path("dashboard/report.csv", views.download, {"fmt": "csv"}, name="report-csv"),
    path("dashboard/report.xlsx", views.download, {"fmt": "xlsx"}, name="report-xlsx"),
    path("dashboard/report.pdf", views.download, {"fmt": "pdf"}, name="report-pdf"),
    # /api/v1/dashboard: declared here, at its /api/v1 address, so the dashboard app holds all its own addresses.
    path("api/v1/dashboard", api.DashboardView.as_view(), name="api"),
]
