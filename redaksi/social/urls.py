from django.urls import path

from . import card_views, connect_views, views

app_name = "social"
urlpatterns = [
    path("akun/", views.account_list, name="accounts"),
    path("akun/baru/", views.account_edit, name="account_add"),
    path("akun/<id:pk>/", views.account_edit, name="account_edit"),
    path("akun/<id:pk>/token/", views.account_token, name="account_token"),
    path("akun/<id:pk>/uji/", views.account_test, name="account_test"),
    path("akun/<id:pk>/hubungkan/", connect_views.account_connect, name="account_connect"),
    path("akun/terhubung/", connect_views.account_connected, name="connected"),
    path("berita/<id:pk>/", views.share_act, name="act"),
    path("berita/<id:pk>/status/", views.share_statuses, name="statuses"),
    path("berita/<id:pk>/tindak-lanjut/", views.followup_act, name="followup"),
    path("kartu/<uuid:key>.jpg", card_views.card_file, name="card"),
]
