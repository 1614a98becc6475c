"""The pages of this app."""

from django.urls import path

from civicguard.apps.elections import views

app_name = "elections"

urlpatterns = [
    path("", views.election_list, name="list"),
    path("new", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/change", views.change, name="change"),
    path("<int:pk>/cancel", views.cancel, name="cancel"),
]
