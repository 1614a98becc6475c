"""/api/v1 endpoints of the reviews app."""

urlpatterns: list = []
