from django.urls import path

from . import views

app_name = "newsroom"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("papan/", views.board, name="board"),
    path("berita/baru/", views.item_create, name="item_create"),
    path("berita/dari-word/", views.item_import, name="item_import"),
    path("berita/<id:pk>/", views.item_detail, name="item"),
    path("berita/<id:pk>/sunting/", views.item_edit, name="item_edit"),
    path("berita/<id:pk>/pratinjau/", views.preview, name="preview"),
    path("berita/<id:pk>/bandingkan/", views.compare, name="compare"),
    path("berita/<id:pk>/langkah/<id:number>/", views.step_action, name="step"),
    path("berita/<id:pk>/langkah/<id:number>/ambil/", views.step_take, name="take"),
    path("berita/<id:pk>/serta-merta/", views.publish_urgent, name="urgent"),
    path("berita/<id:pk>/jadwal/", views.schedule, name="schedule"),
    path("berita/<id:pk>/tarik/", views.takedown, name="takedown"),
]
