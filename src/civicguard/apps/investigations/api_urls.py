"""/api/v1 endpoints of the investigations app."""

from django.urls import path

from civicguard.apps.investigations import api

urlpatterns = [
    path("investigations", api.InvestigationListView.as_view(), name="api-investigations"),
    path("investigations/<int:id>", api.InvestigationDetailView.as_view(), name="api-investigation"),
    path("investigations/<int:id>/closure", api.InvestigationClosureView.as_view(),
         name="api-investigation-closure"),
    path("profile-views", api.ProfileViewListView.as_view(), name="api-profile-views"),
    path("authorisations", api.AuthorisationListView.as_view(), name="api-authorisations"),
    path("authorisations/<int:id>", api.AuthorisationDetailView.as_view(), name="api-authorisation"),
    path("authorisations/<int:id>/decision", api.DecisionView.as_view(), name="api-authorisation-decision"),
    path("authorisations/<int:id>/judicial-approvals", api.JudicialApprovalView.as_view(),
         name="api-authorisation-judicial-approvals"),
    path("authorisations/<int:id>/reviews", api.ReviewView.as_view(), name="api-authorisation-reviews"),
    path("authorisations/<int:id>/renewals", api.RenewalView.as_view(), name="api-authorisation-renewals"),
    path("authorisations/<int:id>/cancellation", api.CancellationView.as_view(),
         name="api-authorisation-cancellation"),
    path("ripa-central-record", api.CentralRecordView.as_view(), name="api-ripa-central-record"),
]
