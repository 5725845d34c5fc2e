"""Template helpers for the clinic library: ``{% load clinic_library %}``."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from posts.structured_data import structured_data_for

register = template.Library()

# The escapes django.utils.html.json_script uses: no "</script>" or "<!--" can close the tag.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def ld_json_script(data):
    """``<script type="application/ld+json">`` (json_script has no ``type`` argument)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


@register.filter(name="ld_json")
def ld_json(data):
    return ld_json_script(data)


@register.simple_tag
def structured_data(obj, **extra):
    """The JSON-LD for a post, anatomy topic, condition or exercise page.

    Other apps add to the main entity without posts knowing them:
    ``{% structured_data post commentCount=count %}``.
    """
    return ld_json_script(structured_data_for(obj, **extra))
