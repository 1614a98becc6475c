"""/api/v1 endpoints of the media app."""

from django.urls import path

from civicguard.apps.media import api

urlpatterns = [
    path("media-items", api.MediaItemListView.as_view(), name="api-media-items"),
    path("media-items/<int:id>", api.MediaItemDetailView.as_view(), name="api-media-item"),
]
