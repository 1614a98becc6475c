"""/api/v1: each app adds its endpoints in its own api_urls module."""

from django.urls import include, path, re_path

from civicguard.common.api import not_found

urlpatterns = [
    path("", include("civicguard.apps.posts.api_urls")),
    path("", include("civicguard.apps.moderation.api_urls")),
    path("", include("civicguard.apps.people.api_urls")),
    path("", include("civicguard.apps.social_accounts.api_urls")),
    path("", include("civicguard.apps.onboarding.api_urls")),
    path("", include("civicguard.apps.reviews.api_urls")),
    path("", include("civicguard.apps.unblocking.api_urls")),
    path("", include("civicguard.apps.advice.api_urls")),
    path("", include("civicguard.apps.policyreview.api_urls")),
    path("", include("civicguard.apps.media.api_urls")),
    path("", include("civicguard.apps.consent.api_urls")),
    path("", include("civicguard.apps.cases.api_urls")),
    path("", include("civicguard.apps.breaches.api_urls")),
    path("", include("civicguard.apps.investigations.api_urls")),
    path("", include("civicguard.apps.elections.api_urls")),
    path("", include("civicguard.apps.disclosure.api_urls")),
    path("", include("civicguard.apps.dashboard.api_urls")),
    # Last: an address that matches no endpoint gets the API's JSON 404, not the site's 404 page.
    re_path(r"", not_found),
]
