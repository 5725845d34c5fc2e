"""Notifications look at posts (posts never import this app): a post saved as published now is announced on commit."""

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from comments.accounts.services import account_data_requested
from posts.wordpress.quiet import is_importing


@receiver(post_save, sender="posts.Post", dispatch_uid="notifications.announce_published_post")
def announce_published_post(sender, instance, raw=False, **kwargs):
    if raw or not instance.is_public:
        return  # a draft, or a scheduled post: the mail worker announces it when its time comes
    if is_importing():
        # An archive moving in from WordPress is not news: marked announced, so neither this
        # save nor the mail worker's round ever mails it to subscribers.
        from notifications.models import Announcement

        Announcement.objects.get_or_create(post=instance)
        return
    from notifications.services import announce_now

    post_id = instance.pk
    transaction.on_commit(lambda: announce_now(post_id))


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="notifications.forget_deleted_reader")
def forget_deleted_reader(sender, instance, **kwargs):
    """A deleted account takes its subscriptions with it, including ones made without logging in."""
    from allauth.account.models import EmailAddress

    from notifications.services import subscribers_forget

    emails = [instance.email, *EmailAddress.objects.filter(user=instance).values_list("email", flat=True)]
    subscribers_forget(user=instance, emails=emails)


@receiver(account_data_requested, dispatch_uid="notifications.export_subscriptions")
def export_subscriptions(sender, user, **kwargs):
    """A reader's data export includes the subscriptions of their account and addresses."""
    from allauth.account.models import EmailAddress

    from notifications.models import Subscriber

    emails = [
        user.email.lower(),
        *(e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)),
    ]
    subscriptions = Subscriber.objects.filter(Q(user=user) | Q(email__in=emails)).order_by("created_at")
    return (
        "subscriptions",
        [
            {"email": s.email, "status": s.status, "since": s.confirmed_at.isoformat() if s.confirmed_at else None}
            for s in subscriptions
        ],
    )
