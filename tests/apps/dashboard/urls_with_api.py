"""The project's addresses with /api/v1/dashboard, for the API's tests until config/api_urls.py includes
civicguard.apps.dashboard.api_urls (then this changes nothing: the first match wins)."""

from django.urls import include, path

from civicguard.config.urls import handler403, handler404, handler500  # noqa: F401
from civicguard.config.urls import urlpatterns as project

urlpatterns = [path("api/v1/", include("civicguard.apps.dashboard.api_urls")), *project]
