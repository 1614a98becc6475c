"""Every page and endpoint. Each app owns its own URLs; the API lives under /api/v1."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from civicguard.apps.moderation import webhooks
from civicguard.apps.sso.views import PasswordSignIn

urlpatterns = [
    path("", include("civicguard.apps.dashboard.urls")),
    path("sign-in/", PasswordSignIn.as_view(), name="login"),
    path("sign-in/", include("civicguard.apps.sso.urls")),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("posts/", include("civicguard.apps.posts.urls")),
    path("embargo/", include("civicguard.apps.embargo.urls")),
    path("accounts/", include("civicguard.apps.social_accounts.urls")),
    path("moderation/", include("civicguard.apps.moderation.urls")),
    path("webhooks/meta", webhooks.meta, name="webhook-meta"),
    path("audit/", include("civicguard.apps.audit.urls")),
    path("people/", include("civicguard.apps.staff.urls")),
    path("staff-records/", include("civicguard.apps.people.urls")),
    path("onboarding/", include("civicguard.apps.onboarding.urls")),
    path("reviews/", include("civicguard.apps.reviews.urls")),
    path("unblocking/", include("civicguard.apps.unblocking.urls")),
    path("advice/", include("civicguard.apps.advice.urls")),
    path("policy/", include("civicguard.apps.policyreview.urls")),
    path("notifications/", include("civicguard.apps.notifications.urls")),
    path("media-items/", include("civicguard.apps.media.urls")),
    path("consent/", include("civicguard.apps.consent.urls")),
    path("cases/", include("civicguard.apps.cases.urls")),
    path("breaches/", include("civicguard.apps.breaches.urls")),
    path("investigations/", include("civicguard.apps.investigations.urls")),
    path("elections/", include("civicguard.apps.elections.urls")),
    path("disclosure/", include("civicguard.apps.disclosure.urls")),
    # The public register of official accounts (St Helens 6.7, 6.14): no sign-in.
    path("register/", include("civicguard.apps.register.urls")),
    path("api/schema", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/", include("civicguard.config.api_urls")),
]

handler403 = "civicguard.common.views.forbidden"
handler404 = "civicguard.common.views.not_found"
handler500 = "civicguard.common.views.server_error"
