from django.urls import path

from . import login, views

app_name = "twofactor"
urlpatterns = [
    path("", views.security, name="security"),
    path("pasang/", views.setup, name="setup"),
    path("kode-cadangan/", views.backup_codes, name="backup_codes"),
    path("kode-cadangan/unduh/", views.backup_codes_download, name="backup_codes_download"),
    path("hapus/", views.remove, name="remove"),
    path("kode/", login.login_code, name="login_code"),
    path("terkunci/", login.locked_login, name="locked_login"),
    path("reset/<id:pk>/", views.admin_reset, name="admin_reset"),
]
