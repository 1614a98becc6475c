"""/api/v1 endpoints of the consent app."""

from django.urls import path

from civicguard.apps.consent import api

urlpatterns = [
    path("consents", api.ConsentListView.as_view(), name="api-consents"),
    path("consents/<int:id>", api.ConsentDetailView.as_view(), name="api-consent"),
    path("consents/<int:id>/withdrawal", api.ConsentWithdrawalView.as_view(), name="api-consent-withdrawal"),
    path("consent-takedowns", api.TakedownListView.as_view(), name="api-consent-takedowns"),
    path("consent-takedowns/<int:id>/confirmation", api.TakedownConfirmView.as_view(),
         name="api-consent-takedown-confirmation"),
    path("consents/<int:id>/permissions", api.PermissionCreateView.as_view(), name="api-consent-permissions-create"),
    path("consent-permissions", api.PermissionListView.as_view(), name="api-consent-permissions"),
    path("consent-permissions/<int:id>/withdrawal", api.PermissionWithdrawalView.as_view(),
         name="api-consent-permission-withdrawal"),
    path("consent-tags", api.TagListView.as_view(), name="api-consent-tags"),
    path("consent-tags/<int:id>", api.TagDetailView.as_view(), name="api-consent-tag"),
]
