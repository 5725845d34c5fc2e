"""A reader's account: which address comments may carry, their data as JSON, and leaving.

Deleting an account keeps every conversation readable: the reader's comments stay in place
under the name "former reader", while their email, picture, website, IP addresses, social
links, likes and subscriptions go.
"""

import logging

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from comments.adapters import display_name
from comments.models import Comment, PostLike, ReaderAvatar

logger = logging.getLogger(__name__)

FORMER_READER = "former reader"

# Other apps add their part of a reader's data export: receivers return (key, data).
account_data_requested = Signal()  # sent with user=<User>
# Sent before an account is deleted, inside the transaction, so other apps forget the reader too.
account_deleting = Signal()  # sent with user=<User>, emails=[...]


def verified_email(user):
    """The address a logged-in reader's comments may carry: a verified one (primary first), or "".

    Staff accounts are made by an administrator, who vouches for their address.
    """
    verified = (
        EmailAddress.objects.filter(user_id=user.pk, verified=True)
        .order_by("-primary", "pk")
        .values_list("email", flat=True)
        .first()
    )
    return verified or (user.email if user.is_staff else "")


@transaction.atomic
def account_email_confirmed(*, user_id, email):
    """A comment confirmation link, mailed to ``email``, was followed for ``user_id``'s comment.

    If the account itself gave that address (at sign-up or the provider-email step), following
    the link proves it, just as allauth's own link would: the address becomes verified, so the
    next comment needs no email step. An address the account never claimed is not attached.
    """
    address = EmailAddress.objects.select_for_update().filter(user_id=user_id, email__iexact=email).first()
    if address is None or address.verified:
        return False
    if EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(user_id=user_id).exists():
        return False  # someone else proved it first; allauth keeps addresses unique
    address.verified = True
    address.save(update_fields=["verified"])
    if not EmailAddress.objects.filter(user_id=user_id, primary=True, verified=True).exclude(pk=address.pk).exists():
        address.set_as_primary()
    return True


def provider_label(account):
    """The provider's name, or its id when the operator has since switched it off."""
    from allauth.socialaccount.providers import registry

    try:
        return account.get_provider().name
    except Exception:  # SocialApp.DoesNotExist and friends: no app configured any more
        provider_class = registry.get_class(account.provider)
        return provider_class.name if provider_class else account.provider


def account_export(*, user):
    """Everything we hold about a reader with an account, as plain data for a JSON download."""
    comments = Comment.objects.filter(user=user).select_related(None).prefetch_related("content_object")
    data = {
        "exported": timezone.now().isoformat(),
        "account": {
            "username": user.get_username(),
            "name": display_name(user),
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "emails": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
            ],
            "social_accounts": [
                {"provider": provider_label(a), "uid": a.uid, "connected": a.date_joined.isoformat()}
                for a in SocialAccount.objects.filter(user=user).order_by("date_joined")
            ],
            "picture": bool(ReaderAvatar.objects.filter(user=user).exclude(image="").exists()),
        },
        "comments": [
            {
                "post": str(comment.content_object) if comment.content_object else "",
                "url": comment.content_object.get_absolute_url() if comment.content_object else "",
                "submitted": comment.submit_date.isoformat(),
                "edited": comment.edited_at.isoformat() if comment.edited_at else None,
                "state": comment.state,
                "name": comment.user_name,
                "email": comment.user_email,
                "website": comment.user_url,
                "text": comment.comment,
            }
            for comment in comments.order_by("submit_date")
        ],
        "likes": [
            {"post": like.post.title, "url": like.post.get_absolute_url(), "liked": like.created_at.isoformat()}
            for like in PostLike.objects.filter(user=user).select_related("post").order_by("created_at")
        ],
    }
    for _receiver, part in account_data_requested.send(sender=account_export, user=user):
        if part:
            key, value = part
            data[key] = value
    return data


@transaction.atomic
def account_delete(*, user):
    """Delete a reader's account; their comments stay in their threads as "former reader".

    Returns the number of comments kept anonymously.
    """
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    emails = sorted({user.email.lower(), *(e.lower() for e in user.emailaddress_set.values_list("email", flat=True))})
    emails = [email for email in emails if email]
    account_deleting.send(sender=account_delete, user=user, emails=emails)
    kept = 0
    for comment in Comment.objects.select_for_update(of=("self",)).filter(user=user):
        comment.user = None
        comment.user_name = FORMER_READER
        comment.user_email = ""
        comment.user_url = ""
        comment.ip_address = None
        comment.followup = False
        comment.save()  # the stored byline is drawn again: generic picture, the new name
        kept += 1
    avatar = ReaderAvatar.objects.filter(user=user).first()
    if avatar is not None and avatar.image:
        name, storage = avatar.image.name, avatar.image.storage
        transaction.on_commit(lambda: storage.delete(name))
    # Social accounts, addresses, the avatar, likes (their posts' faces follow), reactions
    # and flags on comments go with the user row (on_delete=CASCADE).
    user.delete()
    logger.info("A reader deleted their account; %s comments kept as %r", kept, FORMER_READER)
    return kept
