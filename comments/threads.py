"""A post's comment thread, one page of top-level threads at a time, in two queries.

django-comments-xtd 2.10 renders its tree with one template per comment and has no
pagination; here the page is fetched with one query (counts with another), the tree is
built in Python and rendered in one pass by ``comments.rendering``.

The counts query also brings what the rest of the reader's side of the page needs: the
post's likes (count and faces) and, for a logged-in reader, whether they like it, their
verified address and their picture. So likes and "who is commenting" cost no query of
their own, however many there are.
"""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django_comments.models import CommentFlag
from django_comments_xtd.models import DISLIKEDIT_FLAG, LIKEDIT_FLAG, max_thread_level_for_content_type

from comments.conf import setting
from comments.models import Comment, PostLike, ReaderAvatar
from posts.models import Post

# What the page needs of each comment: its place, its state, and its byline and text as HTML
# stored when it was saved (the name is the one given with the comment, as WordPress keeps it).
ROW_FIELDS = [
    "pk",
    "parent_id",
    "thread_id",
    "level",
    "state",
    "byline_html",
    "comment_html",
    "user_name",
    "user_id",
    "answer_to_id",
    "kind",
]


def newest_first():
    return setting("COMMENTS_ORDER") == "newest"


def comments_on(target):
    content_type = ContentType.objects.get_for_model(target)
    return Comment.objects.filter(content_type=content_type, object_pk=str(target.pk), site_id=settings.SITE_ID)


def _top_level(queryset):
    return queryset.filter(level=0, state__in=Comment.VISIBLE_STATES)


def page_number_of(comment):
    """The comment page (1-based) that shows ``comment``'s thread."""
    siblings = Comment.objects.filter(
        content_type_id=comment.content_type_id, object_pk=comment.object_pk, site_id=comment.site_id
    )
    if newest_first():
        before = _top_level(siblings).filter(thread_id__gt=comment.thread_id).count()
    else:
        before = _top_level(siblings).filter(thread_id__lt=comment.thread_id).count()
    return before // setting("COMMENTS_PER_PAGE") + 1


def _flag_count(flag):
    counted = (
        CommentFlag.objects.filter(comment_id=OuterRef("pk"), flag=flag)
        .order_by()
        .values("comment_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _mine(user, flag):
    return Exists(CommentFlag.objects.filter(comment_id=OuterRef("pk"), user_id=user.pk, flag=flag))


@dataclass
class Node:
    comment: Comment
    children: list = field(default_factory=list)


@dataclass
class Likes:
    """A post's likes as the page shows them; ``liked`` is the one per-viewer bit."""

    count: int = 0
    faces: list = field(default_factory=list)
    liked: bool = False


@dataclass
class Viewer:
    """What the page needs of a logged-in reader, fetched with the counts."""

    verified_email: str = ""
    avatar_image: str = ""


@dataclass
class CommentThread:
    target: object
    approved_count: int
    thread_count: int
    answered_count: int
    page_number: int
    per_page: int
    roots: list
    max_level: int
    likes: Likes | None = None
    viewer: Viewer | None = None

    @property
    def num_pages(self):
        return max(1, -(-self.thread_count // self.per_page))

    @property
    def has_previous(self):
        return self.page_number > 1

    @property
    def has_next(self):
        return self.page_number < self.num_pages

    @property
    def previous_page_number(self):
        return self.page_number - 1

    @property
    def next_page_number(self):
        return self.page_number + 1


def parse_page(value, num_pages):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), num_pages)


def build_tree(comments):
    """Nest comments given in thread order (xtd's ``order`` is a depth-first walk).

    A reply whose parent is not on the page (held, spam) is left out with its subtree;
    a removed comment stays as a placeholder only while it has replies to hold together.
    The clinician's answer comes first in its conversation: its branch is moved to the
    front at each level on the way up to the question.
    """
    roots, nodes, answers = [], {}, []
    for comment in comments:
        node = Node(comment)
        if comment.level == 0:
            roots.append(node)
        elif comment.parent_id in nodes:
            nodes[comment.parent_id].children.append(node)
        else:
            continue
        nodes[comment.pk] = node
        if getattr(comment, "answer_to_id", None):
            answers.append(node)

    def prune(siblings):
        kept = []
        for node in siblings:
            node.children = prune(node.children)
            if node.comment.state != Comment.State.REMOVED or node.children:
                kept.append(node)
        return kept

    for answer in answers:
        child = answer
        parent = nodes.get(child.comment.parent_id)
        while parent is not None and parent is not child:
            parent.children.remove(child)
            parent.children.insert(0, child)
            child, parent = parent, nodes.get(parent.comment.parent_id)
    return prune(roots)


def comment_thread(target, *, page=None, user=None):
    """Counts and one page of ``target``'s comment tree: two queries, however many comments."""
    per_page = setting("COMMENTS_PER_PAGE")
    comments = comments_on(target).order_by()
    stats = page_stats(target, comments, user)
    content_type = ContentType.objects.get_for_model(target)
    thread = CommentThread(
        target=target,
        approved_count=stats["approved"],
        thread_count=stats["threads"],
        answered_count=stats["answered"],
        page_number=1,
        per_page=per_page,
        roots=[],
        max_level=max_thread_level_for_content_type(content_type),
    )
    if "like_count" in stats:
        thread.likes = Likes(count=stats["like_count"], faces=stats["like_faces"] or [], liked=bool(stats.get("liked")))
    if "verified_email" in stats:
        thread.viewer = Viewer(verified_email=stats["verified_email"] or "", avatar_image=stats["avatar_image"] or "")
    thread.page_number = parse_page(page, thread.num_pages)
    if not thread.thread_count:
        return thread
    newest = newest_first()
    start = (thread.page_number - 1) * per_page
    root_ids = _top_level(comments).order_by("-thread_id" if newest else "thread_id").values("thread_id")
    page_rows = (
        comments.filter(thread_id__in=root_ids[start : start + per_page], state__in=Comment.VISIBLE_STATES)
        .annotate(
            likes=_flag_count(LIKEDIT_FLAG),
            dislikes=_flag_count(DISLIKEDIT_FLAG),
        )
        .order_by("-thread_id" if newest else "thread_id", "order")
    )
    row_fields = [*ROW_FIELDS, "likes", "dislikes"]
    if user is not None and user.is_authenticated:
        page_rows = page_rows.annotate(
            liked_by_me=_mine(user, LIKEDIT_FLAG),
            disliked_by_me=_mine(user, DISLIKEDIT_FLAG),
            flagged_by_me=_mine(user, CommentFlag.SUGGEST_REMOVAL),
        )
        row_fields += ["liked_by_me", "disliked_by_me", "flagged_by_me"]
    # Plain rows, not model instances: a 300-comment page would spend more time building
    # three-table Comment objects with their users than querying and rendering them.
    page_rows = page_rows.values_list(*row_fields, named=True)
    thread.roots = build_tree(page_rows)
    return thread


def _count(queryset):
    counted = queryset.values("site_id").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def page_stats(target, comments, user=None):
    """One query on the target's own row: comment counts, likes, and the viewer's bits.

    Asked of the target's table (not of the comments) so that a post without comments still
    answers with its likes.
    """
    columns = {
        "approved": _count(comments.filter(state=Comment.State.APPROVED)),
        "threads": _count(comments.filter(level=0, state__in=Comment.VISIBLE_STATES)),
        "answered": _count(comments.filter(state=Comment.State.APPROVED, answer_to__isnull=False)),
    }
    if isinstance(target, Post):
        columns["like_count"] = Coalesce(F("like_summary__count"), Value(0))
        columns["like_faces"] = F("like_summary__faces")
    if user is not None and user.is_authenticated:
        if isinstance(target, Post):
            columns["liked"] = Exists(PostLike.objects.filter(post_id=OuterRef("pk"), user_id=user.pk))
        verified = EmailAddress.objects.filter(user_id=user.pk, verified=True).order_by("-primary", "pk")
        columns["verified_email"] = Subquery(verified.values("email")[:1], output_field=CharField())
        avatar = ReaderAvatar.objects.filter(user_id=user.pk).values("image")[:1]
        columns["avatar_image"] = Subquery(avatar, output_field=CharField())
    row = type(target)._base_manager.filter(pk=target.pk).values(**columns).first()
    if row is None:  # the target went away under us
        return {"approved": 0, "threads": 0, "answered": 0}
    return row
