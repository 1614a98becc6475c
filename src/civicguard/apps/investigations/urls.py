"""The pages of this app."""

from django.urls import path

from civicguard.apps.investigations import views

app_name = "investigations"

urlpatterns = [
    path("", views.investigation_list, name="list"),
    path("new", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/views", views.view_record, name="view"),
    path("<int:pk>/apply", views.apply, name="apply"),
    path("<int:pk>/close", views.close, name="close"),
    path("authorisations/<int:pk>/", views.authorisation, name="authorisation"),
    path("authorisations/<int:pk>/decide", views.decide, name="decide"),
    path("authorisations/<int:pk>/court", views.court, name="court"),
    path("authorisations/<int:pk>/review", views.review, name="review"),
    path("authorisations/<int:pk>/renew", views.renew, name="renew"),
    path("authorisations/<int:pk>/cancel", views.cancel, name="cancel"),
    path("central-record/", views.central_record, name="central-record"),
    path("central-record.csv", views.central_record_export, name="central-record-export"),
]
