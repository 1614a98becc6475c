"""The pages of this app."""

from django.urls import path

from civicguard.apps.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("report", views.report_new, name="report"),
    path("concerns/<int:pk>/", views.concern, name="concern"),
    path("new/", views.case_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/refer", views.refer, name="refer"),
    path("<int:pk>/classify", views.classify_case, name="classify"),
    path("<int:pk>/investigate", views.investigate, name="investigate"),
    path("<int:pk>/decide", views.decide, name="decide"),
    path("<int:pk>/close", views.close, name="close"),
    path("<int:pk>/note", views.note, name="note"),
    path("<int:pk>/owner", views.owner, name="owner"),
    path("<int:pk>/deadline", views.deadline, name="deadline"),
    path("<int:pk>/evidence", views.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>", views.evidence_file, name="evidence"),
    path("<int:pk>/bundle.zip", views.bundle, name="bundle"),
    path("<int:pk>/removals/new", views.removal_new, name="removal-new"),
    path("<int:pk>/notices/send", views.notice_send, name="notice-send"),
    path("removals/<int:pk>/", views.removal, name="removal"),
    path("removals/<int:pk>/confirm", views.removal_confirm, name="removal-confirm"),
    path("notices/<int:pk>/", views.notice, name="notice"),
    path("notices/<int:pk>/acknowledge", views.notice_acknowledge, name="notice-acknowledge"),
]
