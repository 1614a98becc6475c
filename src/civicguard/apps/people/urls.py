from django.urls import path

from civicguard.apps.people import views

app_name = "people"
urlpatterns = [
    path("", views.record_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/restriction", views.restriction, name="restriction"),
]
