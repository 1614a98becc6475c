from django.urls import path

from civicguard.apps.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.people, name="list"),
    path("assign", views.assign, name="assign"),
    path("<int:pk>/revoke", views.revoke, name="revoke"),
]
