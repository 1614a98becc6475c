"""/api/v1 endpoints of the unblocking app."""

from django.urls import path

from civicguard.apps.unblocking import api

urlpatterns = [
    path("unblock-requests", api.UnblockRequestListView.as_view(), name="api-unblock-requests"),
    path("unblock-requests/<int:id>", api.UnblockRequestDetailView.as_view(), name="api-unblock-request"),
    path("unblock-requests/<int:id>/decisions", api.UnblockRequestDecisionsView.as_view(),
         name="api-unblock-request-decisions"),
]
