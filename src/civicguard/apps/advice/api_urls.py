"""/api/v1 endpoints of the advice app."""

urlpatterns: list = []
