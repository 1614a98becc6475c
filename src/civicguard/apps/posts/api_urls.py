"""/api/v1 endpoints of the posts app: checks and the official post journey."""

from django.urls import path

from civicguard.apps.posts import api

urlpatterns = [
    path("checks", api.CheckView.as_view(), name="api-checks"),
    path("posts", api.PostListView.as_view(), name="api-posts"),
    path("posts/<int:id>", api.PostDetailView.as_view(), name="api-post"),
    path("posts/<int:id>/check", api.PostCheckView.as_view(), name="api-post-check"),
    path("posts/<int:id>/submit", api.PostSubmitView.as_view(), name="api-post-submit"),
    path("posts/<int:id>/approvals", api.PostApprovalsView.as_view(), name="api-post-approvals"),
]
