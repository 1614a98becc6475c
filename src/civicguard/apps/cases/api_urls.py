"""/api/v1 endpoints of the cases app."""

from django.urls import path

from civicguard.apps.cases import api

urlpatterns = [
    path("concern-reports", api.ConcernListView.as_view(), name="api-concern-reports"),
    path("concern-reports/<int:id>", api.ConcernDetailView.as_view(), name="api-concern-report"),
    path("cases", api.CaseListView.as_view(), name="api-cases"),
    path("cases/<int:id>", api.CaseDetailView.as_view(), name="api-case"),
    path("cases/<int:id>/referral", api.CaseReferView.as_view(), name="api-case-referral"),
    path("cases/<int:id>/classification", api.CaseClassifyView.as_view(), name="api-case-classification"),
    path("cases/<int:id>/investigation", api.CaseInvestigateView.as_view(), name="api-case-investigation"),
    path("cases/<int:id>/decision", api.CaseDecideView.as_view(), name="api-case-decision"),
    path("cases/<int:id>/closure", api.CaseCloseView.as_view(), name="api-case-closure"),
    path("cases/<int:id>/notes", api.CaseNoteView.as_view(), name="api-case-notes"),
    path("cases/<int:id>/notices", api.CaseNoticeView.as_view(), name="api-case-notices"),
    path("cases/<int:id>/removal-requests", api.CaseRemovalView.as_view(), name="api-case-removal-requests"),
    path("removal-requests", api.RemovalListView.as_view(), name="api-removal-requests"),
    path("removal-requests/<int:id>", api.RemovalDetailView.as_view(), name="api-removal-request"),
    path("removal-requests/<int:id>/confirmation", api.RemovalConfirmView.as_view(),
         name="api-removal-request-confirmation"),
]
