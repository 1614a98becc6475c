"""/api/v1 endpoints of the policyreview app."""

urlpatterns: list = []
