"""API endpoints of this app."""

urlpatterns: list = []
