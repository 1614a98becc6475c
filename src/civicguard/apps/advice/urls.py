from django.urls import path

from civicguard.apps.advice import views

app_name = "advice"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("new", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/answer", views.answer, name="answer"),
    path("<int:pk>/withdraw", views.withdraw, name="withdraw"),
]
