from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "redaksi.newsroom"
    label = "newsroom"
