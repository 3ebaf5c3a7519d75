"""The project's URLs with the public site's staff pages mounted as config/urls.py should mount them."""

from django.urls import include, path

from config import urls as project

urlpatterns = [path("redaksi/situs/", include("redaksi.public.staff_urls")), *project.urlpatterns]
handler400, handler403 = project.handler400, project.handler403
handler404, handler500 = project.handler404, project.handler500
