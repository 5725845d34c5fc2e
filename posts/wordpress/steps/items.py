"""Posts and pages, one at a time as the file streams by; their comments go out through ``comments_found``."""

from collections import Counter

from django.core.exceptions import ValidationError

from posts.models import Page, Post
from posts.models.page import RESERVED_SLUGS
from posts.models.slugs import unique_slug
from posts.sanitizer import clean_html
from posts.wordpress import content, parser
from posts.wordpress.models import ImportedItem
from posts.wordpress.run import ImportRun, aware, old_path_of, plain, wordpress_slug
from posts.wordpress.signals import comments_found
from posts.wordpress.steps.authors import author_for
from posts.wordpress.steps.redirects import redirect_old_path
from posts.wordpress.steps.terms import terms_of

POST_STATUSES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.DRAFT,
    "private": Post.Status.DRAFT,
}


def import_items(run, path, totals):
    done = Counter()
    for part in parser.read_wxr(path):
        if not isinstance(part, parser.Item) or part.post_type == "attachment":
            continue
        if part.post_type not in ("post", "page"):  # menus, reusable blocks, plugins' own types
            run.report.notes[f"WordPress items of type “{part.post_type or 'none'}” (not imported)"] += 1
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
        redirect_old_path(run, upload[0], upload[1])
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
        # The SEO plugins' meta description, when the export has one (Yoast, then Rank Math).
        "seo_description": plain(item.meta.get("_yoast_wpseo_metadesc") or item.meta.get("rank_math_description"))[
            :300
        ],
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
        redirect_old_path(run, old, post.get_absolute_url())
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
        redirect_old_path(run, old, page.get_absolute_url())
    return page
