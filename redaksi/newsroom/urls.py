from django.urls import path

from . import views

app_name = "newsroom"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("papan/", views.board, name="board"),
    path("berita/baru/", views.item_create, name="item_create"),
    path("berita/dari-word/", views.item_import, name="item_import"),
    path("berita/<int:pk>/", views.item_detail, name="item"),
    path("berita/<int:pk>/sunting/", views.item_edit, name="item_edit"),
    path("berita/<int:pk>/pratinjau/", views.preview, name="preview"),
    path("berita/<int:pk>/bandingkan/", views.compare, name="compare"),
    path("berita/<int:pk>/langkah/<int:number>/", views.step_action, name="step"),
    path("berita/<int:pk>/langkah/<int:number>/ambil/", views.step_take, name="take"),
    path("berita/<int:pk>/serta-merta/", views.publish_urgent, name="urgent"),
    path("berita/<int:pk>/jadwal/", views.schedule, name="schedule"),
    path("berita/<int:pk>/tarik/", views.takedown, name="takedown"),
]
