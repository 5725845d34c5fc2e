"""``{% load page_meta %}``: the description, OpenGraph and Twitter card tags of every page."""

from django import template
from django.conf import settings

from posts.seo import absolute, featured_image, meta_description

register = template.Library()

SITE_DESCRIPTION = "Plain-language notes on anatomy, injuries and exercise from a practising clinician."


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context, obj=None, *, title="", description="", og_type="", url=""):
    """``{% page_meta post %}`` for a content page, or ``{% page_meta title=… description=… %}``.

    The description is never empty: what is given, else the object's own (SEO description,
    excerpt or summary, else the first sentences of its body), else the site's.
    """
    request = context.get("request")
    image = featured_image(obj) if obj is not None else None
    published = getattr(obj, "published_at", None)
    return {
        "site_name": settings.SITE_NAME,
        "title": title or (str(obj) if obj is not None else settings.SITE_NAME),
        "description": description or (meta_description(obj) if obj is not None else "") or SITE_DESCRIPTION,
        "url": absolute(url or (request.path if request is not None else "/")),
        "og_type": og_type or ("article" if published else "website"),
        "image": image,
        "published": published,
        "modified": getattr(obj, "updated_at", None) if published else None,
    }
