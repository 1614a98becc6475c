from django.urls import path

from civicguard.apps.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("export", views.export, name="export"),
]
