"""/api/v1 endpoints of the elections app."""

from django.urls import path

from civicguard.apps.elections import api

urlpatterns = [
    path("elections", api.ElectionListView.as_view(), name="api-elections"),
    path("elections/<int:id>", api.ElectionDetailView.as_view(), name="api-election"),
    path("elections/<int:id>/cancellation", api.ElectionCancelView.as_view(), name="api-election-cancellation"),
]
