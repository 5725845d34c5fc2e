from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def tokens(request):
    """The CSRF token for forms on a cached page (the response sets the CSRF cookie)."""
    return JsonResponse({"csrf": get_token(request)})
