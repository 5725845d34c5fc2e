from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    label = "comments"
    verbose_name = "Comments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import pre_save
        from django_comments_xtd.models import publish_or_unpublish_on_pre_save

        from comments import demo, moderation, signals, wordpress_import  # noqa: F401
        from comments.models import Comment

        # xtd re-publishes every reply under a comment whenever that comment is saved, which
        # would undo a moderator's decision on each reply; here each comment keeps its own state
        # and the page simply leaves out replies whose parent is hidden.
        pre_save.disconnect(publish_or_unpublish_on_pre_save, sender=Comment)
        moderation.register()
