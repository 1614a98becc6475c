"""/api/v1 endpoints of the advice app."""

from django.urls import path

from civicguard.apps.advice import api

urlpatterns = [
    path("advice-requests", api.AdviceRequestListView.as_view(), name="api-advice-requests"),
    path("advice-requests/<int:id>", api.AdviceRequestDetailView.as_view(), name="api-advice-request"),
    path("advice-requests/<int:id>/answer", api.AdviceRequestAnswerView.as_view(), name="api-advice-request-answer"),
    path("advice-requests/<int:id>/withdraw", api.AdviceRequestWithdrawView.as_view(),
         name="api-advice-request-withdraw"),
]
