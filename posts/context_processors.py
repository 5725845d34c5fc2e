from django.conf import settings

from .models.page import menu_pages


def site(request):
    """Site name and the menu pages, for the header and footer of every page."""
    pages = menu_pages()
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "header_pages": [p for p in pages if p["in_header"]],
        "footer_pages": [p for p in pages if p["in_footer"]],
    }
