"""/api/v1 endpoints of the onboarding app: User Agreements, courses, completions and your own status."""

from django.urls import path

from civicguard.apps.onboarding import api

urlpatterns = [
    path("agreement-versions", api.AgreementVersionsView.as_view(), name="api-agreement-versions"),
    path("agreement-signatures", api.SignaturesView.as_view(), name="api-agreement-signatures"),
    path("courses", api.CoursesView.as_view(), name="api-courses"),
    path("completions", api.CompletionsView.as_view(), name="api-completions"),
    path("onboarding/status", api.StatusView.as_view(), name="api-onboarding-status"),
]
