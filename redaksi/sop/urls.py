from django.urls import path

from . import views

app_name = "sop"
urlpatterns = [
    path("", views.sop_list, name="list"),
    path("<int:pk>/", views.sop_document, name="document"),
    path("<int:pk>/versi/<int:number>/", views.sop_document, name="version"),
    path("<int:pk>/pdf/", views.sop_pdf, name="pdf"),
    path("<int:pk>/versi/<int:number>/pdf/", views.sop_pdf, name="version_pdf"),
]
