from django.urls import path

from . import file_views, gallery_views, video_views, views

app_name = "media"
urlpatterns = [
    path("berita/<int:pk>/", views.item_media, name="item"),
    path("berita/<int:pk>/foto/", views.photo_upload, name="photo_upload"),
    path("berita/<int:pk>/foto/<int:photo_id>/", views.photo_card, name="photo"),
    path("berita/<int:pk>/susun/<int:link_id>/", views.arrange, name="arrange"),
    path("berita/<int:pk>/galeri/", views.gallery_create, name="gallery_create"),
    path("berita/<int:pk>/video/", video_views.video_begin, name="video_begin"),
    path("berita/<int:pk>/video/<int:video_id>/", video_views.video_card, name="video"),
    path("berita/<int:pk>/youtube/", video_views.youtube_link, name="youtube"),
    path("unggah/<uuid:key>/", video_views.upload_chunk, name="upload"),
    path("unggah/<uuid:key>/selesai/", video_views.upload_finish, name="upload_finish"),
    path("unggah/<uuid:key>/batal/", video_views.upload_abort, name="upload_abort"),
    path("galeri/", gallery_views.gallery_list, name="gallery_list"),
    path("galeri/baru/", gallery_views.gallery_new, name="gallery_new"),
    path("galeri/<int:gallery_id>/", gallery_views.gallery_edit, name="gallery"),
    path("galeri/<int:gallery_id>/foto/", gallery_views.gallery_upload, name="gallery_upload"),
    path("galeri/<int:gallery_id>/pustaka/", gallery_views.gallery_library, name="gallery_library"),
    path("galeri/<int:gallery_id>/foto/<int:photo_id>/", gallery_views.gallery_photo, name="gallery_photo"),
    path("galeri/<int:gallery_id>/foto/<int:photo_id>/susun/", gallery_views.gallery_arrange, name="gallery_arrange"),
    path("galeri/<int:gallery_id>/terbit/", gallery_views.gallery_publish, name="gallery_publish"),
    path("berkas/<uuid:key>/<str:variant>", file_views.serve, name="file"),
]
