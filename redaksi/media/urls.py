from django.urls import path

from . import file_views, gallery_views, video_views, views

app_name = "media"
urlpatterns = [
    path("berita/<id:pk>/", views.item_media, name="item"),
    path("berita/<id:pk>/foto/", views.photo_upload, name="photo_upload"),
    path("berita/<id:pk>/foto/<id:photo_id>/", views.photo_card, name="photo"),
    path("berita/<id:pk>/susun/<id:link_id>/", views.arrange, name="arrange"),
    path("berita/<id:pk>/galeri/", views.gallery_create, name="gallery_create"),
    path("berita/<id:pk>/video/", video_views.video_begin, name="video_begin"),
    path("berita/<id:pk>/video/<id:video_id>/", video_views.video_card, name="video"),
    path("berita/<id:pk>/youtube/", video_views.youtube_link, name="youtube"),
    path("unggah/<uuid:key>/", video_views.upload_chunk, name="upload"),
    path("unggah/<uuid:key>/selesai/", video_views.upload_finish, name="upload_finish"),
    path("unggah/<uuid:key>/batal/", video_views.upload_abort, name="upload_abort"),
    path("galeri/", gallery_views.gallery_list, name="gallery_list"),
    path("galeri/baru/", gallery_views.gallery_new, name="gallery_new"),
    path("galeri/<id:gallery_id>/", gallery_views.gallery_edit, name="gallery"),
    path("galeri/<id:gallery_id>/foto/", gallery_views.gallery_upload, name="gallery_upload"),
    path("galeri/<id:gallery_id>/pustaka/", gallery_views.gallery_library, name="gallery_library"),
    path("galeri/<id:gallery_id>/foto/<id:photo_id>/", gallery_views.gallery_photo, name="gallery_photo"),
    path("galeri/<id:gallery_id>/foto/<id:photo_id>/susun/", gallery_views.gallery_arrange, name="gallery_arrange"),
    path("galeri/<id:gallery_id>/terbit/", gallery_views.gallery_publish, name="gallery_publish"),
    path("berkas/<uuid:key>/<str:variant>", file_views.serve, name="file"),
]
