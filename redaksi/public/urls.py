from django.urls import path, re_path

from . import views

app_name = "public"
urlpatterns = [
    path("cari/", views.search, name="search"),
    path("api/dibaca/<id:pk>/", views.read, name="read"),
    path("", views.serve, name="home"),
    # Everything else the staff side does not own: a file of the rendered site, or the friendly 404.
    re_path(r"^(?P<path>.+)$", views.serve, name="file"),
]
