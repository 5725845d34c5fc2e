"""The import, step by step: authors, terms, attachments, posts and pages (with their comments,
through ``signals.comments_found``), then the old addresses.

``wordpress_import`` reads the file twice, streaming both times: first the small parts
(authors, terms, attachments: their details are needed before any post), then posts and
pages one at a time. Everything is written in one transaction under ``quiet.importing()``;
image files stored by a run that rolls back (an error, or ``dry_run``) are deleted again.
"""

import datetime
import html
import logging
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.html import strip_tags
from django.utils.text import slugify
from taggit.models import Tag

from posts.media.models import Image
from posts.media.services import image_create, image_decode
from posts.models import AuthorProfile, Category, Page, Post
from posts.models.page import RESERVED_SLUGS
from posts.models.slugs import remember_moved_path, unique_slug
from posts.sanitizer import clean_html

from . import content, parser
from .models import ImportedItem
from .quiet import importing
from .signals import comments_found

logger = logging.getLogger(__name__)

AUTHORS_GROUP = "Authors"
POST_STATUSES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.DRAFT,
    "private": Post.Status.DRAFT,
}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
OUTCOMES = ("created", "updated", "unchanged", "skipped")
KINDS = ("authors", "categories", "tags", "attachments", "posts", "pages", "comments", "redirects")


class ImportRefused(Exception):
    """The import cannot start or had to stop; nothing was written."""


class _DryRunDone(Exception):
    pass


@dataclass
class Report:
    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    warnings: list = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)  # "[caption] shortcodes converted: 3" and the like
    missing_files: list = field(default_factory=list)
    dry_run: bool = False

    def count(self, kind, outcome, n=1):
        self.counts[kind][outcome] += n

    def warn(self, message):
        self.warnings.append(message)

    def rows(self):
        return [(kind, *(self.counts[kind][o] for o in OUTCOMES)) for kind in KINDS if kind in self.counts]


@dataclass
class ImportRun:
    """What the steps share while one import runs."""

    report: Report
    media_dir: Path | None = None
    author_map: dict = field(default_factory=dict)
    dry_run: bool = False
    progress: object = None
    site: parser.Site | None = None
    users_by_login: dict = field(default_factory=dict)
    users_by_wp_id: dict = field(default_factory=dict)
    default_author: object = None
    categories: dict = field(default_factory=dict)  # slug → Category
    tags: dict = field(default_factory=dict)  # slug → Tag
    images: dict = field(default_factory=dict)  # upload key → (url, pk, alt)
    images_by_wp_id: dict = field(default_factory=dict)  # attachment id → Image
    stored_files: list = field(default_factory=list)  # (content hash, names) written by this run
    records: dict = field(default_factory=dict)  # (kind, wp_id) → ImportedItem
    redirected: set = field(default_factory=set)  # old paths handled in this run

    def record_of(self, kind, wp_id):
        return self.records.get((kind, wp_id))

    def remember(self, kind, wp_id, obj, old_path=""):
        """Note which row a WordPress object became (written only when something changed)."""
        record = self.records.get((kind, wp_id))
        old_path = (old_path or "")[:300]
        if record is None:
            record = ImportedItem.objects.create(kind=kind, wp_id=wp_id, object_id=obj.pk, old_path=old_path)
            self.records[(kind, wp_id)] = record
        elif record.object_id != obj.pk or record.old_path != old_path:
            record.object_id, record.old_path = obj.pk, old_path
            record.save(update_fields=["object_id", "old_path"])
        return record

    def tick(self, step, done, total):
        if self.progress is not None:
            self.progress(step, done, total)


# --- Reading ---------------------------------------------------------------------------------


@dataclass
class Outline:
    """The first pass: everything but the posts and pages themselves."""

    site: parser.Site | None = None
    authors: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    items: Counter = field(default_factory=Counter)  # post type → count


def read_outline(path):
    outline = Outline()
    for part in parser.read_wxr(path):
        if isinstance(part, parser.Site):
            outline.site = part
        elif isinstance(part, parser.Author):
            outline.authors.append(part)
        elif isinstance(part, parser.Term):
            outline.terms.append(part)
        elif isinstance(part, parser.Item):
            outline.items[part.post_type] += 1
            if part.post_type == "attachment":
                part.content = ""
                part.comments = []
                outline.attachments.append(part)
    return outline


def aware(item_date_gmt, item_date):
    """WordPress's GMT date when it has one (drafts do not), else the local date in our time zone."""
    if item_date_gmt is not None:
        return item_date_gmt.replace(tzinfo=datetime.UTC)
    if item_date is not None:
        return timezone.make_aware(item_date)
    return None


def plain(text):
    """Text from a WordPress title, name or excerpt: tags removed, ``&#8217;`` and the like decoded."""
    return html.unescape(strip_tags(text or "")).strip()


def old_path_of(link):
    """The path part of an old permalink, or "" for plain ``?p=`` links (handled by the middleware)."""
    try:
        parts = urlsplit(link or "")
    except ValueError:
        return ""
    query = parse_qs(parts.query)
    if "p" in query or "page_id" in query or parts.path in ("", "/"):
        return ""
    path = parts.path if parts.path.endswith("/") or "." in parts.path.rsplit("/", 1)[-1] else parts.path + "/"
    return canonical_path(path)


def canonical_path(path):
    """A path as Django hands it to the redirect lookup: WordPress writes ``caf%c3%a9``,
    a request for /café/ arrives as ``caf%C3%A9``."""
    return escape_uri_path(unquote(path))


def wordpress_slug(slug):
    """WordPress keeps non-ASCII slugs percent-encoded; ours are plain ASCII slugs."""
    return slugify(unquote(slug or ""))


# --- Authors ---------------------------------------------------------------------------------


def import_authors(run, authors):
    User = get_user_model()
    group = Group.objects.filter(name=AUTHORS_GROUP).first()
    for author in authors:
        if not author.login:
            continue
        record = run.record_of(ImportedItem.Kind.AUTHOR, author.wp_id) if author.wp_id else None
        user = User.objects.filter(pk=record.object_id).first() if record else None
        outcome = "unchanged"
        if user is None and author.login in run.author_map:
            user = User.objects.get(username=run.author_map[author.login])
            outcome = "skipped"  # matched: an existing account, left as it is
        if user is None:
            user = User.objects.filter(username=author.login).first()
            if user is None and author.email:
                user = User.objects.filter(email__iexact=author.email).order_by("pk").first()
            if user is not None:
                outcome = "skipped"
        if user is None:
            user = User(
                username=_free_username(User, author.login),
                email=author.email[:254],
                first_name=author.first_name[:150],
                last_name=author.last_name[:150],
                is_active=False,
                is_staff=True,
            )
            user.set_unusable_password()
            user.save()
            if group is not None:
                user.groups.add(group)
            name = author.display_name or user.get_full_name() or author.login
            AuthorProfile.objects.create(
                user=user,
                display_name=name[:120],
                slug=unique_slug(AuthorProfile, name, max_length=50),
            )
            outcome = "created"
            run.report.warn(
                f"Author “{author.login}” was created as an inactive account; activate it and set a password "
                "in the admin, or rerun with --author-map to use an existing account."
            )
        run.report.count("authors", outcome)
        run.users_by_login[author.login] = user
        if author.wp_id:
            run.users_by_wp_id[author.wp_id] = user
            run.remember(ImportedItem.Kind.AUTHOR, author.wp_id, user)
        if run.default_author is None:
            run.default_author = user
    if run.default_author is None:
        run.default_author = User.objects.filter(is_superuser=True).order_by("pk").first()


def _free_username(User, login):
    base = (slugify(login) or "wordpress-author")[:140]
    name, n = base, 2
    while User.objects.filter(username=name).exists():
        name, n = f"{base}-{n}", n + 1
    return name


def author_for(run, login):
    user = run.users_by_login.get(login)
    if user is None and login in run.author_map:
        user = get_user_model().objects.filter(username=run.author_map[login]).first()
        run.users_by_login[login] = user
    if user is None:
        user = run.default_author
    if user is None:
        raise ImportRefused("the export has no authors and this site has no superuser to own the posts")
    return user


# --- Categories and tags ---------------------------------------------------------------------


def import_terms(run, terms):
    categories = [t for t in terms if t.kind == "category" and t.slug]
    tags = [t for t in terms if t.kind == "tag" and t.slug]
    # Parents before children, whatever order the file lists them in.
    pending, done = list(categories), set()
    while pending:
        ready = [t for t in pending if not t.parent_slug or t.parent_slug in done or t.parent_slug == t.slug]
        if not ready:  # a parent missing from the export, or a loop: the rest become top-level
            for term in pending:
                run.report.warn(f"Category “{term.slug}”: its parent “{term.parent_slug}” is not in the export.")
                term.parent_slug = ""
            continue
        for term in ready:
            _import_category(run, term)
            done.add(term.slug)
            pending.remove(term)
    for term in tags:
        _import_tag(run, term)


def _import_category(run, term):
    record = run.record_of(ImportedItem.Kind.CATEGORY, term.wp_id) if term.wp_id else None
    category = Category.objects.filter(pk=record.object_id).first() if record else None
    category = category or Category.objects.filter(slug=term.slug[:100]).first()
    parent = run.categories.get(term.parent_slug) if term.parent_slug and term.parent_slug != term.slug else None
    name = plain(term.name or term.slug)[:100]
    description = plain(term.description)
    if category is None:
        if Category.objects.filter(name=name).exists():
            name = f"{name} ({term.slug})"[:100]
        category = Category(slug=term.slug[:100], name=name, description=description, parent=parent)
        category.full_clean()
        category.save()
        run.report.count("categories", "created")
    elif category.parent_id != (parent.pk if parent else None) or (record is not None and category.name != name):
        category.parent = parent
        if not Category.objects.filter(name=name).exclude(pk=category.pk).exists():
            category.name = name
        category.save()
        run.report.count("categories", "updated")
    else:
        run.report.count("categories", "unchanged")
    run.categories[term.slug] = category
    if term.wp_id:
        run.remember(ImportedItem.Kind.CATEGORY, term.wp_id, category, old_path=category_old_path(run, term.slug))


def category_old_path(run, slug):
    chain, seen = [], set()
    category = run.categories.get(slug)
    while category is not None and category.pk not in seen:
        seen.add(category.pk)
        chain.insert(0, category.slug)
        category = category.parent
    return canonical_path("/category/" + "/".join(chain or [slug]) + "/")


def _import_tag(run, term):
    record = run.record_of(ImportedItem.Kind.TAG, term.wp_id) if term.wp_id else None
    tag = Tag.objects.filter(pk=record.object_id).first() if record else None
    name = plain(term.name or term.slug)[:100]
    tag = tag or Tag.objects.filter(slug=term.slug[:100]).first() or Tag.objects.filter(name=name).first()
    if tag is None:
        tag = Tag.objects.create(name=name, slug=term.slug[:100])
        run.report.count("tags", "created")
    else:
        run.report.count("tags", "unchanged")
    run.tags[term.slug] = tag
    if term.wp_id:
        run.remember(ImportedItem.Kind.TAG, term.wp_id, tag, old_path=canonical_path(f"/tag/{term.slug}/"))


def terms_of(run, item):
    """The item's categories and tags; ones the export's term list forgot are created here."""
    categories, tags = [], []
    for domain, slug, name in item.terms:
        slug = slug or slugify(name)
        if not slug:
            continue
        if domain == "category":
            if slug not in run.categories:
                _import_category(run, parser.Term(kind="category", wp_id=0, slug=slug, name=name))
            categories.append(run.categories[slug])
        elif domain == "post_tag":
            if slug not in run.tags:
                _import_tag(run, parser.Term(kind="tag", wp_id=0, slug=slug, name=name))
            tags.append(run.tags[slug])
    return categories, tags


# --- Attachments -----------------------------------------------------------------------------


def import_attachments(run, attachments):
    total = len(attachments)
    for done, item in enumerate(attachments, 1):
        _import_attachment(run, item)
        run.tick("attachments", done, total)


def _attached_file(item):
    relative = item.meta.get("_wp_attached_file", "").strip()
    if not relative:
        path = content.upload_path(item.attachment_url) or ""
        relative = path.removeprefix(content.UPLOADS)
    return relative


def _import_attachment(run, item):
    relative = _attached_file(item)
    key = content.upload_key(content.UPLOADS + relative) if relative else None
    record = run.record_of(ImportedItem.Kind.ATTACHMENT, item.wp_id)
    image = Image.objects.filter(pk=record.object_id).first() if record else None
    if image is not None:
        run.report.count("attachments", "unchanged")
        _use_image(run, item, key, image)
        return
    if not relative or Path(relative).suffix.lower() not in IMAGE_EXTENSIONS:
        run.report.count("attachments", "skipped")
        run.report.notes["attachments that are not images (not imported)"] += 1
        return
    source = _safe_join(run.media_dir, relative) if run.media_dir else None
    if source is None or not source.is_file():
        run.report.count("attachments", "skipped")
        run.report.missing_files.append(relative)
        return
    alt = plain(item.meta.get("_wp_attachment_image_alt", ""))
    if not alt:
        alt = plain(item.title) or Path(relative).stem.replace("-", " ")
        run.report.notes["images without alt text in WordPress (their title was used)"] += 1
    try:
        with source.open("rb") as handle:
            decoded = image_decode(file=File(handle, name=source.name))
            if run.dry_run:
                run.report.count("attachments", "created")
                return
            existed = Image.objects.filter(content_hash=decoded.content_hash).exists()
            image = image_create(
                file=File(handle, name=source.name),
                decoded=decoded,
                alt=alt[:250],
                caption=plain(item.excerpt)[:300],
                title=plain(item.title)[:200],
                uploaded_by=author_for(run, item.creator),
                reuse_existing=True,
            )
    except ValidationError as exc:
        run.report.count("attachments", "skipped")
        run.report.warn(f"Attachment {relative}: not imported ({'; '.join(exc.messages)}).")
        return
    if not existed:
        run.stored_files.append((image.content_hash, [image.file.name, *(r["name"] for r in image.renditions)]))
    run.report.count("attachments", "created")
    run.remember(ImportedItem.Kind.ATTACHMENT, item.wp_id, image, old_path=content.UPLOADS + relative)
    _use_image(run, item, key, image)


def _use_image(run, item, key, image):
    run.images_by_wp_id[item.wp_id] = image
    if key:
        run.images[key] = (image.url, image.pk, image.alt)


def _safe_join(root, relative):
    """``root/relative``, or None when ``relative`` would leave ``root`` (``../``, an absolute path)."""
    root = Path(root).resolve()
    candidate = (root / relative).resolve()
    return candidate if candidate.is_relative_to(root) and candidate != root else None


# --- Posts and pages -------------------------------------------------------------------------


def import_items(run, path, totals):
    done = Counter()
    for part in parser.read_wxr(path):
        if not isinstance(part, parser.Item) or part.post_type not in ("post", "page"):
            continue
        kind = part.post_type + "s"
        if not part.wp_id:
            run.report.count(kind, "skipped")
            run.report.warn(f"A {part.post_type} without wp:post_id (“{plain(part.title)[:60]}”) was skipped.")
            continue
        done[kind] += 1
        target = _import_post(run, part) if part.post_type == "post" else _import_page(run, part)
        if target is not None and part.comments:
            comments_found.send(sender=ImportRun, target=target, comments=part.comments, run=run)
        elif part.comments:
            run.report.count("comments", "skipped", len(part.comments))
        run.tick(kind, done[kind], totals[part.post_type])


def _body(run, item):
    converted = content.convert(item.content, images=run.images)
    for name, n in converted.dropped.items():
        run.report.notes[f"{name} (dropped)"] += n
    if converted.videos:
        run.report.notes["YouTube/Vimeo embeds made click-to-load"] += converted.videos
    if converted.images_missing:
        run.report.notes["images in posts whose file was not imported (left out)"] += len(converted.images_missing)
    for upload in converted.upload_paths:
        _redirect(run, upload[0], upload[1])
    return converted.html


def _status(run, item, kind):
    status = POST_STATUSES.get(item.status)
    if status is None:
        run.report.count(kind, "skipped")
        run.report.notes[f"{kind} with WordPress status “{item.status or 'none'}” (skipped)"] += 1
    return status


def _import_post(run, item):
    status = _status(run, item, "posts")
    if status is None:
        return None
    record = run.record_of(ImportedItem.Kind.POST, item.wp_id)
    post = Post.objects.filter(pk=record.object_id).first() if record else None
    categories, tags = terms_of(run, item)
    featured = run.images_by_wp_id.get(_int(item.meta.get("_thumbnail_id")))
    values = {
        "title": (plain(item.title) or "Untitled")[:200],
        "author": author_for(run, item.creator),
        "excerpt": plain(item.excerpt),
        "body": clean_html(_body(run, item)),
        "status": status,
        "published_at": aware(item.date_gmt, item.date) if status == Post.Status.PUBLISHED else None,
        "comments_open": item.comment_status != "closed",
        "legacy_url": item.link[:300],
        "featured_image": featured,
    }
    if item.status == "future":
        run.report.notes["scheduled posts (published at their date)"] += 1
    if post is None:
        slug = wordpress_slug(item.slug)[:200] or unique_slug(Post, values["title"])
        if Post.objects.filter(slug=slug).exists():
            run.report.warn(f"Post {item.wp_id}: the address “{slug}” is taken here, so it got a new one.")
            slug = unique_slug(Post, slug)
        post = Post(slug=slug, **values)
        outcome = "created"
    else:
        changed = [name for name, value in values.items() if getattr(post, name) != value]
        for name in changed:
            setattr(post, name, values[name])
        outcome = "updated" if changed else "unchanged"
    if outcome != "unchanged":
        post.full_clean(exclude=["tags"])
        post.save()
    if set(post.categories.all()) != set(categories):
        post.categories.set(categories)
        outcome = "updated" if outcome == "unchanged" else outcome
    if set(post.tags.all()) != set(tags):
        post.tags.set(tags)
        outcome = "updated" if outcome == "unchanged" else outcome
    run.report.count("posts", outcome)
    old = old_path_of(item.link)
    run.remember(ImportedItem.Kind.POST, item.wp_id, post, old_path=old)
    if old:
        _redirect(run, old, post.get_absolute_url())
    return post


def _int(text):
    text = (text or "").strip()
    return int(text) if text.isdigit() else 0


def _page_slug(item, title, pk=None):
    slug = wordpress_slug(item.slug)[:100] or unique_slug(Page, title, max_length=100)
    if slug in RESERVED_SLUGS or Page.objects.filter(slug=slug).exclude(pk=pk).exists():
        slug = unique_slug(Page, f"{slug}-page", max_length=100)
    return slug


def _import_page(run, item):
    status = _status(run, item, "pages")
    if status is None:
        return None
    record = run.record_of(ImportedItem.Kind.PAGE, item.wp_id)
    page = Page.objects.filter(pk=record.object_id).first() if record else None
    title = (plain(item.title) or "Untitled")[:200]
    values = {
        "title": title,
        "body": clean_html(_body(run, item)),
        "menu_order": min(item.menu_order, 32767),
        "is_published": status == Post.Status.PUBLISHED,
    }
    if page is None:
        # Imported pages stay out of the menus until the clinician puts them there.
        page = Page(slug=_page_slug(item, title), in_header=False, in_footer=False, **values)
        try:
            page.full_clean()
        except ValidationError:  # the slug is one of the site's own addresses
            page.slug = unique_slug(Page, f"{page.slug}-page", max_length=100)
            page.full_clean()
        outcome = "created"
    else:
        changed = [name for name, value in values.items() if getattr(page, name) != value]
        for name in changed:
            setattr(page, name, values[name])
        outcome = "updated" if changed else "unchanged"
    if outcome != "unchanged":
        page.save()
    run.report.count("pages", outcome)
    old = old_path_of(item.link)
    run.remember(ImportedItem.Kind.PAGE, item.wp_id, page, old_path=old)
    if old:
        _redirect(run, old, page.get_absolute_url())
    return page


# --- Old addresses ---------------------------------------------------------------------------


def _redirect(run, old_path, new_path):
    from django.contrib.redirects.models import Redirect

    if not old_path or old_path == new_path or old_path in run.redirected:
        return
    run.redirected.add(old_path)
    if len(old_path) > 200 or len(new_path) > 200:
        run.report.count("redirects", "skipped")
        run.report.warn(f"Old address too long to redirect (over 200 characters): {old_path[:80]}…")
        return
    existing = Redirect.objects.filter(old_path=old_path).values_list("new_path", flat=True).first()
    if existing == new_path:
        run.report.count("redirects", "unchanged")
        return
    remember_moved_path(old_path, new_path)
    run.report.count("redirects", "created" if existing is None else "updated")


def term_redirects(run):
    for slug, category in run.categories.items():
        _redirect(run, category_old_path(run, slug), category.get_absolute_url())
    for slug, tag in run.tags.items():
        _redirect(run, canonical_path(f"/tag/{slug}/"), reverse("posts:tag", kwargs={"slug": tag.slug}))
    for record in ImportedItem.objects.filter(kind=ImportedItem.Kind.ATTACHMENT).exclude(old_path=""):
        image = run.images_by_wp_id.get(record.wp_id)
        if image is not None:
            _redirect(run, record.old_path, image.url)


def imported_url(*, kinds, wp_id):
    """The new address of WordPress post or page ``wp_id`` (for ``?p=`` links), or None."""
    models = {"post": Post, "page": Page}
    for kind in kinds:
        record = ImportedItem.objects.filter(kind=kind, wp_id=wp_id).values_list("object_id", flat=True).first()
        if record is None:
            continue
        target = models[kind].objects.filter(pk=record).first()
        if target is not None and (target.is_published if kind == "page" else target.is_public):
            return target.get_absolute_url()
    return None


# --- The whole import ------------------------------------------------------------------------


def parse_author_map(pairs):
    """``["old=new", …]`` → {old login: new username}; every new username must exist."""
    mapping = {}
    for pair in pairs or []:
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise ImportRefused(f"--author-map expects old=new, not “{pair}”")
        mapping[old.strip()] = new.strip()
    missing = set(mapping.values()) - set(
        get_user_model().objects.filter(username__in=mapping.values()).values_list("username", flat=True)
    )
    if missing:
        raise ImportRefused(f"--author-map names accounts that do not exist here: {', '.join(sorted(missing))}")
    return mapping


def wordpress_import(*, path, media_dir=None, author_map=None, dry_run=False, progress=None):
    """Import the WXR file at ``path``; returns the ``Report``. Raises ``WXRError`` or
    ``ImportRefused`` (nothing written) when the file or the options cannot be used."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise ImportRefused(f"no such file: {path}")
    if media_dir is not None and not os.path.isdir(media_dir):
        raise ImportRefused(f"--media-dir is not a folder: {media_dir}")
    outline = read_outline(path)  # reads the whole file once: a broken one stops here
    report = Report(dry_run=dry_run)
    run = ImportRun(
        report=report,
        media_dir=Path(media_dir) if media_dir else None,
        author_map=parse_author_map(author_map),
        dry_run=dry_run,
        progress=progress,
        site=outline.site,
    )
    try:
        with importing(), transaction.atomic():
            run.records = {(r.kind, r.wp_id): r for r in ImportedItem.objects.all()}
            import_authors(run, outline.authors)
            import_terms(run, outline.terms)
            import_attachments(run, outline.attachments)
            import_items(run, path, outline.items)
            term_redirects(run)
            if dry_run:
                raise _DryRunDone
    except _DryRunDone:
        pass
    except BaseException:
        _delete_stored_files(run)
        raise
    else:
        return report
    _delete_stored_files(run)
    return report


def _delete_stored_files(run):
    """A rolled-back run leaves no files: those it stored that no library entry now uses go."""
    for content_hash, names in run.stored_files:
        if Image.objects.filter(content_hash=content_hash).exists():
            continue
        for name in names:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("Could not delete %s after a rolled-back import", name)
