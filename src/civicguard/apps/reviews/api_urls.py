"""/api/v1 endpoints of the reviews app: service area procedures and account reviews."""

from django.urls import path

from civicguard.apps.reviews import api

urlpatterns = [
    path("procedures", api.ProcedureListView.as_view(), name="api-procedures"),
    path("reviews", api.ReviewListView.as_view(), name="api-reviews"),
    path("reviews/<int:id>", api.ReviewDetailView.as_view(), name="api-review"),
    path("reviews/<int:id>/sign-off", api.ReviewSignOffView.as_view(), name="api-review-sign-off"),
]
