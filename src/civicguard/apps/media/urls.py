from django.urls import path

from civicguard.apps.media import views

app_name = "media"
urlpatterns = [
    path("", views.media_list, name="list"),
    path("new", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/image", views.image, name="image"),
    path("<int:pk>/download", views.download, name="download"),
    path("<int:pk>/delete", views.delete, name="delete"),
]
