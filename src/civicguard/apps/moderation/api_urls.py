"""/api/v1 endpoints of comment moderation."""

urlpatterns: list = []
