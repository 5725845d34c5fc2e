"""Form tokens on pages that may be cached for every anonymous reader.

``{% form_token %}`` replaces ``{% csrf_token %}`` in forms on public pages. When the page is
being rendered for the page cache it writes an empty field that static/js/form-tokens.js fills
from a small uncached request (``tokens_url``, by default ``pagecache:tokens``), plus a link to
the same page uncached for readers without JavaScript; otherwise it is ``{% csrf_token %}``.
``{% form_stamp form tokens_url %}`` does the same for the comment form's timestamp and hash.
"""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.html import format_html, format_html_join

register = template.Library()


def cached_render(context):
    request = context.get("request")
    return request is not None and getattr(request, "page_cache_candidate", False)


def placeholder(name, key, url):
    return format_html(
        '<input type="hidden" name="{}" value="" data-form-token="{}" data-tokens-url="{}">', name, key, url
    )


def no_script_note(context):
    request = context["request"]
    return format_html(
        '<noscript><p class="helptext">This form needs JavaScript on this page: '
        '<a href="{}?form=1">open the page with the form ready to send</a>.</p></noscript>',
        request.path,
    )


@register.simple_tag(takes_context=True)
def form_token(context, tokens_url=None):
    if not cached_render(context):
        return CsrfTokenNode().render(context)
    url = tokens_url or reverse("pagecache:tokens")
    return placeholder("csrfmiddlewaretoken", "csrf", url) + no_script_note(context)


@register.simple_tag(takes_context=True)
def form_stamp(context, form, tokens_url):
    if not cached_render(context):
        return format_html("{}{}", form["timestamp"], form["security_hash"])
    return format_html_join(
        "", "{}", ((placeholder(name, name, tokens_url),) for name in ("timestamp", "security_hash"))
    )
