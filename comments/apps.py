from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    label = "comments"
    verbose_name = "Comments"
