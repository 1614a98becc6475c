from django.urls import path

from civicguard.apps.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("", views.status, name="status"),
    path("agreement/sign", views.sign, name="sign"),
    path("agreement/new", views.publish, name="publish"),
    path("team", views.team, name="team"),
    path("courses", views.courses, name="courses"),
    path("courses/new", views.course_new, name="course_new"),
    path("courses/<int:pk>/edit", views.course_edit, name="course_edit"),
    path("completions/new", views.record, name="record"),
]
