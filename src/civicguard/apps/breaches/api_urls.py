"""/api/v1 endpoints of personal data breach records."""

from django.urls import path

from civicguard.apps.breaches import api

urlpatterns = [
    path("data-breaches", api.BreachListView.as_view(), name="api-data-breaches"),
    path("data-breaches/<int:id>", api.BreachDetailView.as_view(), name="api-data-breach"),
    path("data-breaches/<int:id>/assessment", api.AssessView.as_view(), name="api-data-breach-assessment"),
    path("data-breaches/<int:id>/ico", api.IcoView.as_view(), name="api-data-breach-ico"),
    path("data-breaches/<int:id>/people-told", api.PeopleToldView.as_view(), name="api-data-breach-people-told"),
    path("data-breaches/<int:id>/notices", api.NoticeView.as_view(), name="api-data-breach-notices"),
    path("data-breaches/<int:id>/closure", api.CloseView.as_view(), name="api-data-breach-closure"),
]
