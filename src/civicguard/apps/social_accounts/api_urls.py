"""/api/v1 endpoints of the social_accounts app."""

urlpatterns: list = []
