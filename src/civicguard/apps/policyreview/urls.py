from django.urls import path

from civicguard.apps.policyreview import views

app_name = "policyreview"
urlpatterns = [
    path("", views.versions, name="versions"),
    path("versions/new", views.version_record, name="version_record"),
    path("versions/<int:pk>/review-due", views.version_due, name="version_due"),
    path("reviews/new", views.review_start, name="review_start"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/consult", views.review_consult, name="review_consult"),
    path("reviews/<int:pk>/comments/new", views.review_comment, name="review_comment"),
    path("reviews/<int:pk>/decision", views.review_decide, name="review_decide"),
    path("reviews/<int:pk>/publish", views.review_publish, name="review_publish"),
]
