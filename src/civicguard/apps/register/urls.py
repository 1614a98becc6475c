from django.urls import path

from civicguard.apps.register import views

app_name = "register"
urlpatterns = [
    path("<slug:council>.json", views.register_json, name="json"),
    path("<slug:council>/", views.register_page, name="page"),
]
