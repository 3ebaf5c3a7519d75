from django.urls import path

from . import views

app_name = "sop"
urlpatterns = [
    path("", views.sop_list, name="list"),
    path("<id:pk>/", views.sop_document, name="document"),
    path("<id:pk>/versi/<id:number>/", views.sop_document, name="version"),
    path("<id:pk>/pdf/", views.sop_pdf, name="pdf"),
    path("<id:pk>/versi/<id:number>/pdf/", views.sop_pdf, name="version_pdf"),
]
