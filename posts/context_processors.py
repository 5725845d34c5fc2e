from django.conf import settings

from .models import Page


def site(request):
    """Site name and the menu pages, for the header and footer of every page."""
    pages = list(Page.objects.published().only("title", "slug", "in_header", "in_footer"))
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "header_pages": [p for p in pages if p.in_header],
        "footer_pages": [p for p in pages if p.in_footer],
    }
