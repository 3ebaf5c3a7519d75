"""Staff pages of the public site. Included before the public catch-all: see config/urls.py."""

from django.urls import path

from . import scan_views, staff_views

app_name = "public_staff"
urlpatterns = [
    path("", staff_views.profile_edit, name="profile"),
    path("pemindaian/", scan_views.scan_list, name="scan"),
    path("pemindaian/<id:pk>/diperiksa/", scan_views.scan_review, name="scan_review"),
]
