"""Staff pages of the public site. Included before the public catch-all: see config/urls.py."""

from django.urls import path

from . import staff_views

app_name = "public_staff"
urlpatterns = [
    path("", staff_views.profile_edit, name="profile"),
]
