"""/api/v1: each app adds its endpoints in its own api_urls module."""

from django.urls import include, path

urlpatterns = [
    path("", include("civicguard.apps.posts.api_urls")),
]
