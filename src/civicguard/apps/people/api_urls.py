"""/api/v1 endpoints of the people app."""

urlpatterns: list = []
