"""``{% load media_images %}``: library images as responsive ``<picture>`` elements."""

from django import template

from posts.media.models import DEFAULT_SIZES
from posts.media.rendering import picture_html

register = template.Library()


@register.simple_tag
def picture(image, alt=None, sizes=DEFAULT_SIZES, eager=False, css_class=""):
    """``{% picture post.featured_image alt=post.featured_alt eager=True %}``; nothing without an image.

    ``eager`` is for the one image above the fold (no lazy loading, fetched first); every
    other image loads lazily.
    """
    if image is None:
        return ""
    return picture_html(image, alt=alt, sizes=sizes, eager=eager, css_class=css_class)
