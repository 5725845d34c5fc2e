"""Side effects: the author hears of pending comments; social avatars are copied at login."""

import logging

from allauth.account.signals import user_logged_in
from allauth.socialaccount.signals import social_account_added, social_account_updated
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from comments.conf import setting

logger = logging.getLogger(__name__)


@receiver(post_save, sender="comments.Comment", dispatch_uid="comments.notify_author_of_pending")
def notify_author_of_pending(sender, instance, created, raw=False, **kwargs):
    if raw or not created or instance.state != instance.State.PENDING or not setting("COMMENTS_NOTIFY_AUTHOR"):
        return
    from comments.services import notify_author_of_pending as notify

    transaction.on_commit(lambda: notify(instance))


def copy_social_avatar(sociallogin):
    from comments.avatars import store_social_avatar

    account = getattr(sociallogin, "account", None)
    user = getattr(sociallogin, "user", None)
    if account is None or user is None or not user.pk:
        return None
    try:
        url = account.get_avatar_url()
    except Exception:  # a provider without pictures, or odd extra_data
        logger.debug("No avatar for %s", account, exc_info=True)
        url = None
    return store_social_avatar(user=user, url=url or "", provider=getattr(account, "provider", ""))


@receiver(user_logged_in, dispatch_uid="comments.avatar_at_login")
def avatar_at_login(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is not None:
        copy_social_avatar(sociallogin)


@receiver([social_account_added, social_account_updated], dispatch_uid="comments.avatar_on_connect")
def avatar_on_connect(sender, request, sociallogin, **kwargs):
    copy_social_avatar(sociallogin)


@receiver(post_migrate, dispatch_uid="comments.keep_author_permissions")
def keep_author_permissions(sender, app_config=None, using="default", **kwargs):
    """Authors get every content model's permissions, including models added after the roles migration."""
    if app_config is None or app_config.label != "comments" or getattr(settings, "COMMENTS_SKIP_ROLE_SYNC", False):
        return
    from comments.roles import grant_authors_content_permissions

    grant_authors_content_permissions(using=using)


@receiver([post_save], sender="comments.ReaderAvatar", dispatch_uid="comments.rerender_bylines_for_avatar")
def rerender_bylines_for_avatar(sender, instance, raw=False, **kwargs):
    """A new picture shows on the reader's earlier comments too (bylines are stored HTML)."""
    if raw:
        return
    from comments.services import comments_rerender

    transaction.on_commit(lambda: comments_rerender(user_id=instance.user_id))
