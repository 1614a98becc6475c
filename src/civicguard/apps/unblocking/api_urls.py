"""/api/v1 endpoints of the unblocking app."""

urlpatterns: list = []
