from django.urls import path

from civicguard.apps.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.waiting_list, name="list"),
    path("daily-email", views.digest, name="digest"),
]
