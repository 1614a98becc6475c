"""/api/v1 endpoints of the social_accounts app: business cases and official accounts."""

from django.urls import path

from civicguard.apps.social_accounts import api

urlpatterns = [
    path("business-cases", api.CaseListView.as_view(), name="api-business-cases"),
    path("business-cases/<int:id>", api.CaseDetailView.as_view(), name="api-business-case"),
    path("business-cases/<int:id>/submit", api.CaseSubmitView.as_view(), name="api-business-case-submit"),
    path("business-cases/<int:id>/endorsement", api.CaseEndorseView.as_view(),
         name="api-business-case-endorse"),
    path("business-cases/<int:id>/decision", api.CaseDecideView.as_view(), name="api-business-case-decide"),
    path("business-cases/<int:id>/account", api.CaseAccountView.as_view(), name="api-business-case-account"),
    path("accounts", api.AccountListView.as_view(), name="api-accounts"),
    path("accounts/<int:id>", api.AccountDetailView.as_view(), name="api-account"),
    path("accounts/<int:id>/go-live", api.AccountGoLiveView.as_view(), name="api-account-go-live"),
    path("accounts/<int:id>/close", api.AccountCloseView.as_view(), name="api-account-close"),
]
