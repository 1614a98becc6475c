from django.urls import path

from civicguard.apps.embargo import views

app_name = "embargo"
urlpatterns = [
    path("", views.register_list, name="list"),
    path("new", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/withdraw", views.withdraw, name="withdraw"),
]
