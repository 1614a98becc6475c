from django.urls import path

from civicguard.apps.people import views

app_name = "people"
urlpatterns = [
    path("", views.record_list, name="list"),
    path("new", views.record_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit", views.record_edit, name="edit"),
    path("<int:pk>/restriction", views.restriction, name="restriction"),
    path("service-areas/", views.areas, name="areas"),
    path("service-areas/new", views.area_new, name="area_new"),
    path("service-areas/<int:pk>/manager", views.area_manager, name="area_manager"),
    path("imports/", views.imports, name="imports"),
    path("imports/new", views.import_upload, name="import"),
    path("imports/<int:pk>/", views.import_run, name="import_run"),
    path("imports/<int:pk>/confirm", views.import_confirm, name="import_confirm"),
]
