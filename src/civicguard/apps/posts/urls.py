from django.urls import path

from civicguard.apps.posts import views

app_name = "posts"
urlpatterns = [
    path("", views.post_list, name="list"),
    path("new", views.post_new, name="new"),
    path("personal-check", views.personal_check, name="personal_check"),
    path("outbox", views.outbox, name="outbox"),
    path("overrides", views.overrides, name="overrides"),
    path("saved-checks", views.kept_checks, name="kept_checks"),
    path("saved-checks/<int:pk>/", views.kept_check, name="kept_check"),
    path("saved-checks/<int:pk>/delete", views.kept_check_delete, name="kept_check_delete"),
    path("<int:pk>/", views.post_detail, name="detail"),
    path("<int:pk>/edit", views.post_edit, name="edit"),
    path("<int:pk>/check", views.post_recheck, name="check"),
    path("<int:pk>/image", views.post_image, name="image"),
    path("images/<int:pk>/remove", views.post_image_remove, name="image_remove"),
    path("images/<int:pk>/tag", views.post_image_tag, name="image_tag"),
    path("tags/<int:pk>/remove", views.post_tag_remove, name="tag_remove"),
    path("<int:pk>/submit", views.post_submit, name="submit"),
    path("<int:pk>/decide", views.post_decide, name="decide"),
]
