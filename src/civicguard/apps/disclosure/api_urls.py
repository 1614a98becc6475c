"""/api/v1 endpoints of the disclosure app."""

from django.urls import path

from civicguard.apps.disclosure import api

urlpatterns = [
    path("disclosure-requests", api.RequestListView.as_view(), name="api-disclosure-requests"),
    path("disclosure-requests/<int:id>", api.RequestDetailView.as_view(), name="api-disclosure-request"),
    path("disclosure-requests/<int:id>/search", api.RequestSearchView.as_view(), name="api-disclosure-search"),
    path("disclosure-requests/<int:id>/export", api.RequestExportView.as_view(), name="api-disclosure-export"),
    path("disclosure-requests/<int:id>/close", api.RequestCloseView.as_view(), name="api-disclosure-close"),
    path("disclosure-purges", api.PurgeListView.as_view(), name="api-disclosure-purges"),
]
