"""Categories (parents before children) and tags."""

from django.utils.text import slugify
from taggit.models import Tag

from posts.models import Category
from posts.wordpress import parser
from posts.wordpress.models import ImportedItem
from posts.wordpress.run import canonical_path, plain


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
