from django.urls import path

from civicguard.apps.dashboard import views

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
]
