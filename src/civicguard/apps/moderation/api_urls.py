"""/api/v1 endpoints of comment moderation: the queue, decisions, hand-offs, imports and dead letters."""

from django.urls import path

from civicguard.apps.moderation import api

urlpatterns = [
    path("comments", api.CommentListView.as_view(), name="api-comments"),
    path("comments/import", api.CommentImportView.as_view(), name="api-comments-import"),
    path("comments/<int:id>", api.CommentDetailView.as_view(), name="api-comment"),
    path("comments/<int:id>/decisions", api.CommentDecisionsView.as_view(), name="api-comment-decisions"),
    path("comments/<int:id>/handoffs", api.CommentHandoffsView.as_view(), name="api-comment-handoffs"),
    path("dead-letters", api.DeadLetterListView.as_view(), name="api-dead-letters"),
    path("dead-letters/<int:id>", api.DeadLetterDetailView.as_view(), name="api-dead-letter"),
]
