from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Content"

    def ready(self):
        from . import signals  # noqa: F401
