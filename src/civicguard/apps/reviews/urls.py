from django.urls import path

from civicguard.apps.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("<int:pk>/", views.review, name="review"),
    path("dormant/", views.dormant, name="dormant"),
    path("procedures/", views.procedures, name="procedures"),
    path("procedures/new", views.procedure_new, name="procedure_new"),
    path("procedures/<int:pk>/", views.procedure, name="procedure"),
    path("procedures/<int:pk>/download", views.procedure_file, name="procedure_download"),
]
