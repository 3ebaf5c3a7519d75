from django.urls import path
from django.views.generic import RedirectView

app_name = "public"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="core:home"), name="home"),
]
