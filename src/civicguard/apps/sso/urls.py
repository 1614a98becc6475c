from django.urls import path

from civicguard.apps.sso import views

app_name = "sso"
urlpatterns = [
    path("directory/", views.DirectoryStart.as_view(), name="start"),
    path("directory/callback/", views.DirectoryCallback.as_view(), name="callback"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
]
