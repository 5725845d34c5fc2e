"""Old addresses: rows of ``contrib.redirects`` (``?p=`` links are the middleware's)."""

from django.urls import reverse

from posts.models import Page, Post
from posts.models.slugs import remember_moved_path
from posts.wordpress.models import ImportedItem
from posts.wordpress.run import canonical_path
from posts.wordpress.steps.terms import category_old_path


def redirect_old_path(run, old_path, new_path):
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
        redirect_old_path(run, category_old_path(run, slug), category.get_absolute_url())
    for slug, tag in run.tags.items():
        redirect_old_path(run, canonical_path(f"/tag/{slug}/"), reverse("posts:tag", kwargs={"slug": tag.slug}))
    for record in ImportedItem.objects.filter(kind=ImportedItem.Kind.ATTACHMENT).exclude(old_path=""):
        image = run.images_by_wp_id.get(record.wp_id)
        if image is not None:
            redirect_old_path(run, record.old_path, image.url)


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
