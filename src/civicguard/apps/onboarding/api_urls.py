"""/api/v1 endpoints of the onboarding app."""

urlpatterns: list = []
