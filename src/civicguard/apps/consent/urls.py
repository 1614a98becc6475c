from django.urls import path

from civicguard.apps.consent import views

app_name = "consent"
urlpatterns = [
    path("", views.register, name="register"),
    path("export.csv", views.export, name="export"),
    path("new", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/form", views.signed_form, name="form"),
    path("<int:pk>/display-form", views.display_form, name="display-form"),
    path("<int:pk>/withdraw", views.withdraw, name="withdraw"),
    path("<int:pk>/permit", views.permit, name="permit"),
    path("permissions/<int:pk>/withdraw", views.permission_withdraw, name="permission-withdraw"),
    path("takedowns/", views.takedowns, name="takedowns"),
    path("takedowns/<int:pk>/", views.takedown, name="takedown"),
    path("takedowns/<int:pk>/confirm", views.takedown_confirm, name="takedown-confirm"),
]
