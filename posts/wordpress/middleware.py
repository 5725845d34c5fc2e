"""WordPress's plain links, ``/?p=123`` (a post) and ``/?page_id=45`` (a page), answer 301.

``/`` is the home page, which answers 200, so these cannot be redirect rows; only a request
for ``/`` with one of these parameters costs a query.
"""

from django.http import HttpResponsePermanentRedirect

PARAMETERS = {"p": ("post", "page"), "page_id": ("page", "post")}


class WordPressIdRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/" and request.method in ("GET", "HEAD") and request.GET:
            target = self.imported_target(request.GET)
            if target:
                return HttpResponsePermanentRedirect(target)
        return self.get_response(request)

    @staticmethod
    def imported_target(query):
        from .steps.redirects import imported_url

        for parameter, kinds in PARAMETERS.items():
            value = query.get(parameter, "")
            if value.isdigit() and len(value) < 19:
                url = imported_url(kinds=kinds, wp_id=int(value))
                if url:
                    return url
        return None
