"""/api/v1 endpoints of the policyreview app."""

from django.urls import path

from civicguard.apps.policyreview import api

urlpatterns = [
    path("policy/versions", api.VersionListView.as_view(), name="api-policy-versions"),
    path("policy/reviews", api.ReviewListView.as_view(), name="api-policy-reviews"),
    path("policy/reviews/<int:id>", api.ReviewDetailView.as_view(), name="api-policy-review"),
    path("policy/reviews/<int:id>/comments", api.ReviewCommentsView.as_view(), name="api-policy-review-comments"),
    path("policy/reviews/<int:id>/decision", api.ReviewDecisionView.as_view(), name="api-policy-review-decision"),
]
