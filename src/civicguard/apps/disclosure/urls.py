"""The pages of this app."""

from django.urls import path

from civicguard.apps.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/search", views.run_search, name="search"),
    path("<int:pk>/export", views.export, name="export"),
    path("<int:pk>/close", views.close, name="close"),
    path("log", views.log, name="log"),
    path("retention", views.retention, name="retention"),
]
