"""Following the blog: subscribe (double opt-in), unsubscribe (one click), and announce new posts.

Announcing a post is two steps, each its own transaction:

1. ``post_announce`` writes one ``Delivery`` row per active subscriber (unique per subscriber
   and post, so a second run adds nothing) and an ``Announcement`` marker for the post;
2. ``deliveries_send`` sends queued rows in batches, marking each row sent in the same
   transaction that hands its email to Django's mail backend.

With ``MAIL_QUEUE`` on (production) the backend writes a queued task in that transaction, so
a delivery is marked sent exactly when its email is queued: no window at all; the task
worker then delivers it at least once. With the queue off (a direct SMTP backend), an email
accepted by the server just before a crash, in a batch whose transaction never committed, is
sent again on the next run: at most one batch (``NOTIFICATIONS_BATCH``) can repeat.

A post published now is announced on commit of its save; a scheduled post by
``announcements_process``, a periodic job of the task worker (every minute).
"""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from notifications.models import Announcement, Delivery, Subscriber
from posts.models import Post

logger = logging.getLogger(__name__)

CONFIRM_SALT = "notifications.confirm"
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600
# A second "follow" for a pending address within this time sends no second email.
RESEND_AFTER = 10 * 60


def normalise_email(email):
    return (email or "").strip().lower()


# --- Links in the emails ------------------------------------------------------------------


def confirm_token(subscriber):
    """Signed with the time: a confirmation link works for CONFIRM_MAX_AGE."""
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(subscriber.pk)


def unsubscribe_token(subscriber):
    """Signed without a time: the same link in every email, working for as long as it is kept."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(subscriber.pk)


def subscriber_from_token(token, *, purpose):
    """The subscriber a link names, or None for a doctored, foreign or (for confirming) stale link."""
    try:
        if purpose == "confirm":
            pk = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(token, max_age=CONFIRM_MAX_AGE)
        else:
            pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int):
        return None
    return Subscriber.objects.filter(pk=pk).first()


def unsubscribe_url(subscriber):
    return settings.SITE_URL + reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(subscriber)})


def _email(*, subscriber, subject, template, context):
    """An email with RFC 8058 one-click unsubscribe headers (mail clients show an "Unsubscribe" button)."""
    unsubscribe = unsubscribe_url(subscriber)
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        **context,
    }
    return EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


# --- Subscribing and leaving ------------------------------------------------------------


@transaction.atomic
def subscriber_request(*, email, user=None):
    """Someone asks to follow the blog: a confirmation email goes to the address (double opt-in).

    An address that already follows gets nothing new; a pending one is sent at most one email
    per ``RESEND_AFTER``. Returns the subscriber.
    """
    email = normalise_email(email)
    now = timezone.now()
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is None:
        subscriber = Subscriber(email=email)
        subscriber.full_clean()
        try:
            with transaction.atomic():
                subscriber.save()
        except IntegrityError:  # the same address, at the same moment, in another request
            subscriber = Subscriber.objects.select_for_update().get(email=email)
    if user is not None and user.is_authenticated and subscriber.user_id is None:
        subscriber.user = user
    if subscriber.status == Subscriber.Status.ACTIVE:
        subscriber.save(update_fields=["user"])
        return subscriber
    recently = subscriber.confirm_sent_at and (now - subscriber.confirm_sent_at).total_seconds() < RESEND_AFTER
    if subscriber.status == Subscriber.Status.PENDING and recently:
        subscriber.save(update_fields=["user"])
        return subscriber
    subscriber.status, subscriber.confirm_sent_at = Subscriber.Status.PENDING, now
    subscriber.full_clean()
    subscriber.save()
    confirm_url = settings.SITE_URL + reverse("notifications:confirm", kwargs={"token": confirm_token(subscriber)})
    _email(
        subscriber=subscriber,
        subject=f"Confirm that you want to follow {settings.SITE_NAME}",
        template="notifications/email/confirm.txt",
        context={"confirm_url": confirm_url},
    ).send()
    return subscriber


@transaction.atomic
def subscriber_confirm(*, subscriber):
    """The reader pressed "Confirm" on the page the emailed link opened (a POST: scanners only GET)."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Subscriber.Status.ACTIVE:
        subscriber.status, subscriber.confirmed_at = Subscriber.Status.ACTIVE, timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, subscriber):
    """One click, no questions: nothing more is sent, including deliveries already queued."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status, subscriber.unsubscribed_at = Subscriber.Status.UNSUBSCRIBED, timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    subscriber.deliveries.filter(status=Delivery.Status.QUEUED).update(status=Delivery.Status.SKIPPED)
    return subscriber


def subscribers_forget(*, user=None, emails=()):
    """An account is deleted: its subscriptions, and any for its addresses, go."""
    emails = [normalise_email(email) for email in emails if email]
    deleted = Subscriber.objects.filter(email__in=emails).delete()[0]
    if user is not None:
        deleted += Subscriber.objects.filter(user=user).delete()[0]
    return deleted


# --- Announcing posts ----------------------------------------------------------------------


@transaction.atomic
def post_announce(*, post):
    """Write the post's deliveries, once: one row per subscriber who followed before it came out.

    Returns the number of deliveries written (0 when the post was announced already, is not
    public yet, or nobody followed at the time).
    """
    if not post.is_public:
        return 0
    try:
        with transaction.atomic():
            announcement = Announcement.objects.create(post=post)
    except IntegrityError:  # announced already (the worker and the publishing request may meet here)
        return 0
    subscribers = Subscriber.objects.active().filter(confirmed_at__lte=post.published_at).values_list("pk", flat=True)
    rows = [Delivery(subscriber_id=pk, post=post) for pk in subscribers.iterator()]
    Delivery.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    announcement.recipients = len(rows)
    announcement.save(update_fields=["recipients"])
    return len(rows)


def deliveries_send(*, batch=None):
    """Send every queued delivery, ``batch`` per transaction; returns how many were sent."""
    batch = batch or settings.NOTIFICATIONS_BATCH
    sent = 0
    while True:
        done = _send_batch(batch)
        sent += done
        if done < batch:
            return sent


@transaction.atomic
def _send_batch(batch):
    due = list(
        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=Delivery.Status.QUEUED)
        .select_related("subscriber", "post", "post__author")
        .order_by("created_at", "pk")[:batch]
    )
    if not due:
        return 0
    now = timezone.now()
    emails, sent_rows, skipped_rows = [], [], []
    for delivery in due:
        if delivery.subscriber.status != Subscriber.Status.ACTIVE or not delivery.post.is_public:
            delivery.status = Delivery.Status.SKIPPED
            skipped_rows.append(delivery)
            continue
        post = delivery.post
        emails.append(
            _email(
                subscriber=delivery.subscriber,
                subject=f"New on {settings.SITE_NAME}: {post.title}",
                template="notifications/email/new_post.txt",
                context={"post": post, "post_url": settings.SITE_URL + post.get_absolute_url()},
            )
        )
        delivery.status, delivery.sent_at = Delivery.Status.SENT, now
        sent_rows.append(delivery)
    if emails:
        # Raises on a transport error: the batch rolls back and is tried again on the next run.
        get_connection(fail_silently=False).send_messages(emails)
    Delivery.objects.bulk_update(sent_rows + skipped_rows, ["status", "sent_at"])
    for delivery in sent_rows:
        logger.info("Announced post %s to subscriber %s", delivery.post_id, delivery.subscriber_id)
    return len(due)


def posts_due():
    """Published posts not yet announced that came out after someone began to follow the blog.

    Posts older than every active subscription would reach nobody, so they are left alone
    (this is also why turning the feature on does not announce the whole archive).
    """
    first_follow = Subscriber.objects.active().aggregate(first=Min("confirmed_at"))["first"]
    if first_follow is None:
        return Post.objects.none()
    return (
        Post.objects.published()
        .filter(published_at__gte=first_follow, announcement__isnull=True)
        .order_by("published_at", "pk")
    )


def announcements_process():
    """The periodic job: announce posts whose time has come, then send what is queued.

    Run every minute by the task worker (``notifications.queue.SCHEDULES``). Returns (posts
    announced, emails sent).
    """
    announced = 0
    for post in posts_due():
        if post_announce(post=post):
            announced += 1
    return announced, deliveries_send()


def announce_now(post_id):
    """On commit of a publishing save: announce at once. Failures are left to the periodic job."""
    try:
        post = Post.objects.filter(pk=post_id).first()
        if post is not None and post_announce(post=post):
            deliveries_send()
    except Exception:  # the post is saved; the worker's next turn picks the announcement up
        logger.exception("Announcing post %s failed; the periodic job will try again", post_id)
