"""The pages of personal data breach records, at /breaches/."""

from django.urls import path

from civicguard.apps.breaches import views

app_name = "breaches"

urlpatterns = [
    path("", views.breach_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/assess", views.assess, name="assess"),
    path("<int:pk>/ico", views.ico, name="ico"),
    path("<int:pk>/people-told", views.people, name="people"),
    path("<int:pk>/notices", views.notices, name="notices"),
    path("<int:pk>/close", views.close, name="close"),
]
