from django.urls import path

from . import views

app_name = "core"
urlpatterns = [path("staf/", views.home, name="home")]
