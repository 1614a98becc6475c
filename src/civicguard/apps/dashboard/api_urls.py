"""/api/v1 endpoints of the dashboard app (config/api_urls.py includes this module)."""

from django.urls import path

from civicguard.apps.dashboard import api

urlpatterns = [
    path("dashboard", api.DashboardView.as_view(), name="api-dashboard"),
]
