"""Side effects: the author hears of pending comments; social avatars are copied at login;
the provider a reader logged in with is remembered for the comment form; likes' summaries
follow their readers; an account without a verified address comments through the email step.
"""

import logging

from allauth.account.signals import user_logged_in
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.signals import social_account_added, social_account_updated
from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from django_comments.signals import comment_will_be_posted
from django_comments_xtd.models import TmpXtdComment

from comments.accounts.providers import forget_providers
from comments.conf import setting
from posts.wordpress.quiet import is_importing

logger = logging.getLogger(__name__)


@receiver(post_save, sender="comments.Comment", dispatch_uid="comments.notify_author_of_pending")
def notify_author_of_pending(sender, instance, created, raw=False, **kwargs):
    if raw or not created or instance.state != instance.State.PENDING or not setting("COMMENTS_NOTIFY_AUTHOR"):
        return
    if is_importing():  # comments held on WordPress years ago are no news to the author
        return
    from comments.services import notify_author_of_pending as notify

    transaction.on_commit(lambda: notify(instance))


def provider_picture(extra_data):
    """The picture in what a provider sent, where allauth's account class does not look.

    OpenID Connect's standard ``picture`` claim (allauth keeps userinfo and the ID token side
    by side), and Facebook's ``{"picture": {"data": {"url": ...}}}``.
    """
    data = extra_data or {}
    for claims in (data.get("userinfo"), data.get("id_token"), data):
        picture = claims.get("picture") if isinstance(claims, dict) else None
        if isinstance(picture, str) and picture:
            return picture
        if isinstance(picture, dict):
            inner = picture.get("data")
            if isinstance(inner, dict) and not inner.get("is_silhouette"):
                return inner.get("url")
    return None


def copy_social_avatar(sociallogin):
    from comments.avatars import store_social_avatar

    account = getattr(sociallogin, "account", None)
    user = getattr(sociallogin, "user", None)
    if account is None or user is None or not user.pk:
        return None
    try:
        url = account.get_avatar_url() or provider_picture(account.extra_data)
    except Exception:  # a provider without pictures, or odd extra_data
        logger.debug("No avatar for %s", account, exc_info=True)
        url = None
    return store_social_avatar(user=user, url=url or "", provider=getattr(account, "provider", ""))


@receiver(user_logged_in, dispatch_uid="comments.avatar_at_login")
def avatar_at_login(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is not None:
        copy_social_avatar(sociallogin)


@receiver(user_logged_in, dispatch_uid="comments.remember_login_provider")
def remember_login_provider(sender, request, user, sociallogin=None, **kwargs):
    """ "You are commenting using your X account": the provider of this session's login, or none."""
    from comments.templatetags.comment_threads import LOGIN_PROVIDER_SESSION_KEY

    session = getattr(request, "session", None)
    if session is None:
        return
    if sociallogin is not None and getattr(sociallogin, "account", None) is not None:
        session[LOGIN_PROVIDER_SESSION_KEY] = sociallogin.account.get_provider().name
    else:
        session.pop(LOGIN_PROVIDER_SESSION_KEY, None)


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
    from comments.likes.services import likes_refresh_for_user
    from comments.services import comments_rerender

    transaction.on_commit(lambda: comments_rerender(user_id=instance.user_id))
    transaction.on_commit(lambda: likes_refresh_for_user(user_id=instance.user_id))


@receiver(post_delete, sender="comments.PostLike", dispatch_uid="comments.summarise_after_unlike")
def summarise_after_unlike(sender, instance, **kwargs):
    """Likes deleted with their reader (account deletion, the admin) leave the post's faces too."""
    from comments.likes.services import likes_summarise
    from posts.models import Post

    post_id = instance.post_id

    def refresh():
        if Post.objects.filter(pk=post_id).exists():
            likes_summarise(post_id=post_id)

    transaction.on_commit(refresh)


@receiver([post_save, post_delete], sender=SocialApp, dispatch_uid="comments.forget_providers")
def forget_providers_on_change(sender, **kwargs):
    forget_providers()


@receiver(m2m_changed, sender=SocialApp.sites.through, dispatch_uid="comments.forget_providers_on_sites")
def forget_providers_on_sites(sender, **kwargs):
    forget_providers()


@receiver(comment_will_be_posted, sender=TmpXtdComment, dispatch_uid="comments.confirm_unverified_accounts")
def confirm_unverified_accounts(sender, comment, request, **kwargs):
    """An account without a verified address comments like an anonymous reader: through the
    emailed confirmation. The comment keeps the account (``user_id``, which xtd carries in its
    signed link) but not ``user``, which is what makes xtd skip the confirmation."""
    if getattr(request, "comment_needs_confirmation", False) and comment.get("user") is not None:
        comment["user_id"] = comment.pop("user").pk
    return True
