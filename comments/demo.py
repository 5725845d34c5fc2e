"""A demo conversation under the iliopsoas post, added when ``load_demo`` runs.

Idempotent like the rest of the demo: each comment is found again by its ``submission_key``
and brought back to the text below.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from comments.models import Comment
from comments.moderation import judge
from comments.roles import MODERATORS
from comments.services import comment_mark_answer
from posts.demo import demo_content_loaded
from posts.models import Post

POST_SLUG = "its-the-iliopsoas-stupid"

# key, parent key, who ("clinician", "reader" or (name, email)), hours ago, text, state
THREAD = [
    (
        "priya",
        None,
        ("Priya Natarajan", "priya@example.org"),
        60,
        "I had to read the title twice, and then I tried to look the muscle up: I typed “soas”, then "
        "“so-as muscle”, and got nothing useful. The p is silent — I couldn't find it when I searched!\n\n"
        "Might be worth saying that near the top, for people like me.",
        Comment.State.APPROVED,
    ),
    (
        "priya-answer",
        "priya",
        "clinician",
        57,
        "You are in good company, Priya: half of my patients spell it the way they say it. It is written "
        "psoas and said “SO-as”. The anatomy page now gives the pronunciation, and the search "
        "understands “soas” too.",
        Comment.State.APPROVED,
    ),
    (
        "priya-thanks",
        "priya-answer",
        ("Priya Natarajan", "priya@example.org"),
        50,
        "Found it straight away this time, thank you. Warrior one at lunchtime is now a thing in our office.",
        Comment.State.APPROVED,
    ),
    (
        "clunk",
        None,
        "reader",
        30,
        "I run three times a week and get a clunk at the front of my right hip when I lower my leg "
        "after a high knee. No pain, just the noise. Is that the snapping hip you describe?",
        Comment.State.APPROVED,
    ),
    (
        "clunk-answer",
        "clunk",
        "clinician",
        27,
        "Quite likely. A painless clunk as the tendon slides over the front of the pelvis is common in "
        "runners and usually harmless. Stretching the hip flexors and strengthening the muscles around "
        "the pelvis often quiets it. If it starts to hurt, or the hip gives way, have it examined.",
        Comment.State.APPROVED,
    ),
    (
        "clunk-pilates",
        "clunk-answer",
        ("Ana Sousa", "ana@example.org"),
        20,
        "Same here with a click during leg raises in Pilates. Good to know it is not a torn muscle.",
        Comment.State.APPROVED,
    ),
    (
        "desk",
        None,
        ("Dev Mistry", "dev@example.org"),
        10,
        "Desk job, long commute, and a back that aches when I stand up straight after a meeting. "
        "Standing up every half hour has done more for me than any stretch.",
        Comment.State.APPROVED,
    ),
    (
        "offer",
        None,
        ("Quick Hip Fix", "offers@example.com"),
        3,
        "Loosen tight hip flexors in three days! See https://example.com/offer and https://example.com/buy-now",
        Comment.State.PENDING,
    ),
    (
        "phone",
        None,
        ("Martin Hale", "martin@example.org"),
        2,
        "My MRI shows a small tear at the front of the hip and my surgeon wants to wait and see. Is the boat "
        "pose safe for me? Could you ring me on 07700 900123 one evening to talk it through?",
        Comment.State.PENDING,
    ),
]
# The clinician's reply that answers a reader's question, shown first in its conversation.
ANSWERS = ["clunk-answer"]


@receiver(demo_content_loaded, dispatch_uid="comments.demo_thread")
def add_demo_thread(sender, clinician, **kwargs):
    User = get_user_model()
    moderator = User.objects.filter(username="moderator").first()
    moderators = Group.objects.filter(name=MODERATORS).first()
    if moderator is not None and moderators is not None:
        moderator.groups.add(moderators)
    verify_demo_addresses(User.objects.filter(username__in=DEMO_LOGINS))
    post = Post.objects.filter(slug=POST_SLUG).first()
    if post is not None:
        load_thread(post=post, clinician=clinician, reader=User.objects.filter(username="reader").first())
        load_likes(post=post)


# The demo logins (created only with DEBUG, by posts.demo) have verified addresses, so the
# demo reader logs in at /accounts/login/ and comments without the email step.
DEMO_LOGINS = ("clinician", "moderator", "reader", "operator")
# Readers who like the demo post: accounts without a password (nobody can log in as them).
LIKERS = [("priya-natarajan", "Priya", "Natarajan"), ("ana-sousa", "Ana", "Sousa"), ("dev-mistry", "Dev", "Mistry")]


def verify_demo_addresses(users):
    from allauth.account.models import EmailAddress

    for user in users:
        if user.email:
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


@transaction.atomic
def load_likes(*, post):
    from comments.likes.services import post_like

    User = get_user_model()
    for username, first, last in LIKERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        post_like(user=user, post=post)


@transaction.atomic
def load_thread(*, post, clinician, reader=None):
    content_type = ContentType.objects.get_for_model(Post)
    site = Site.objects.get_current()
    now = timezone.now()
    stored = {}
    for key, parent_key, who, hours_ago, text, state in THREAD:
        if who == "clinician":
            user, name, email = clinician, clinician.get_full_name() or clinician.username, clinician.email
        elif who == "reader" and reader is not None:
            user, name, email = reader, reader.get_full_name() or reader.username, reader.email
        elif who == "reader":
            user, name, email = None, "Jo Reader", "jo@example.org"
        else:
            user, (name, email) = None, who
        submission_key = f"demo:{POST_SLUG}:{key}"
        comment = Comment.objects.filter(submission_key=submission_key).first()
        if comment is None:
            comment = Comment(
                submission_key=submission_key,
                content_type=content_type,
                object_pk=str(post.pk),
                site=site,
                submit_date=max(now - datetime.timedelta(hours=hours_ago), post.published_at or now),
                parent_id=stored[parent_key].pk if parent_key else 0,
            )
        comment.user, comment.user_name, comment.user_email = user, name[:50], email or ""
        comment.comment, comment.state = text, state
        if state == Comment.State.PENDING:
            verdict = judge(text=text, name=name, email=email, first_comment_rule=False)
            comment.moderation_reason = verdict.reason or "first comment from this author"
        comment.save()
        stored[key] = comment
    for key in ANSWERS:
        comment_mark_answer(comment=stored[key], user=clinician)
    if reader is not None:
        CommentFlag.objects.get_or_create(comment=stored["clunk-answer"], user=reader, flag=LIKEDIT_FLAG)
        CommentFlag.objects.get_or_create(comment=stored["priya-answer"], user=reader, flag=LIKEDIT_FLAG)
    return stored
