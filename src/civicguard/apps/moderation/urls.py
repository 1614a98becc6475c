"""The moderator's pages, mounted at /moderation/."""

from django.urls import path

from civicguard.apps.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk", views.bulk, name="bulk"),
    path("comments/<int:pk>/", views.detail, name="detail"),
    path("comments/<int:pk>/decide", views.decide, name="decide"),
    path("comments/<int:pk>/route", views.route, name="route"),
    path("comments/<int:pk>/hide-too", views.hide_too, name="hide_too"),
    path("comments/<int:pk>/removal", views.removal, name="removal"),
    path("handoffs", views.handoffs, name="handoffs"),
    path("deliveries/<int:pk>/retry", views.retry_delivery, name="retry_delivery"),
    path("dead-letters", views.dead_letters, name="dead_letters"),
    path("dead-letters/<int:pk>/", views.dead_letter, name="dead_letter"),
    path("dead-letters/<int:pk>/resolve", views.dead_letter_resolve, name="dead_letter_resolve"),
    path("dead-letters/<int:pk>/retake", views.dead_letter_retake, name="dead_letter_retake"),
    path("export", views.export, name="export"),
]
