from django.urls import path

from civicguard.apps.social_accounts import views

app_name = "social_accounts"
urlpatterns = [
    path("", views.account_list, name="list"),
]
