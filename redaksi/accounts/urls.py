from django.urls import include, path

from . import password_views, session_views, views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("sandi/", password_views.PasswordChangeView.as_view(), name="password_change"),
    path("sandi/lupa/", password_views.PasswordResetView.as_view(), name="password_reset"),
    path("sandi/lupa/terkirim/", password_views.password_reset_done, name="password_reset_done"),
    path("sandi/baru/selesai/", password_views.password_reset_complete, name="password_reset_complete"),
    path(
        "sandi/baru/<uidb64>/<token>/", password_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("dua-langkah/", include("redaksi.accounts.twofactor.urls")),
    path("sesi/", session_views.session_list, name="session_list"),
    path("sesi/status/", session_views.session_status, name="session_status"),
    path("sesi/perpanjang/", session_views.session_extend, name="session_extend"),
    path("sesi/akhiri-lainnya/", session_views.session_end_others, name="session_end_others"),
    path("sesi/<id:pk>/akhiri/", session_views.session_end, name="session_end"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create, name="user_create"),
    path("pengguna/<id:pk>/", views.user_edit, name="user_edit"),
    path("peran/", views.role_list, name="role_list"),
    path("peran/<id:pk>/", views.role_edit, name="role_edit"),
    path("plt-plh/", views.appointment_list, name="appointment_list"),
    path("plt-plh/baru/", views.appointment_create, name="appointment_create"),
    path("plt-plh/<id:pk>/akhiri/", views.appointment_end, name="appointment_end"),
]
