from django.urls import path

from civicguard.apps.social_accounts import views

app_name = "social_accounts"
urlpatterns = [
    path("", views.account_list, name="list"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/edit", views.account_edit, name="edit"),
    path("<int:pk>/go-live", views.account_go_live, name="go-live"),
    path("<int:pk>/close", views.account_close, name="close"),
    path("providers/", views.providers, name="providers"),
    path("providers/add", views.provider_add, name="provider-add"),
    path("business-cases/", views.case_list, name="cases"),
    path("business-cases/new", views.case_new, name="case-new"),
    path("business-cases/<int:pk>/", views.case_detail, name="case"),
    path("business-cases/<int:pk>/section", views.case_section, name="case-section"),
    path("business-cases/<int:pk>/check", views.case_check, name="case-check"),
    path("business-cases/<int:pk>/endorse", views.case_endorse, name="case-endorse"),
    path("business-cases/<int:pk>/decide", views.case_decide, name="case-decide"),
    path("business-cases/<int:pk>/account", views.case_account, name="case-account"),
]
