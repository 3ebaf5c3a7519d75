from django.urls import path

from . import views

app_name = "social"
urlpatterns = [
    path("akun/", views.account_list, name="accounts"),
    path("akun/baru/", views.account_edit, name="account_add"),
    path("akun/<int:pk>/", views.account_edit, name="account_edit"),
    path("akun/<int:pk>/token/", views.account_token, name="account_token"),
    path("akun/<int:pk>/uji/", views.account_test, name="account_test"),
    path("berita/<int:pk>/", views.share_act, name="act"),
    path("berita/<int:pk>/status/", views.share_statuses, name="statuses"),
]
