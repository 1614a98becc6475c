from django.urls import path

from civicguard.apps.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("council", views.switch_council, name="council"),
]
