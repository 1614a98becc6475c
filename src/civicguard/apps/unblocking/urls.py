from django.urls import path

from civicguard.apps.unblocking import views

app_name = "unblocking"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("new", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decide", views.decide, name="decide"),
]
