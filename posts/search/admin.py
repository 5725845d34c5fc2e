"""What readers look for: the admin's list of searches, with the most frequent and the fruitless on top."""

import datetime

from django.contrib import admin
from django.db.models import Max, Q, Sum
from django.utils import timezone

from .models import SearchCount

PERIODS = (7, 30, 90, 365)
TOP = 20


def search_summary(*, days, today=None):
    """The most frequent searches and those that found nothing, over the last ``days`` days."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=days - 1)
    # A monthly total (rows older than SEARCH_COUNTS_KEEP_DAYS) counts when its month overlaps the period.
    rows = SearchCount.objects.filter(
        Q(period=SearchCount.Period.DAY, day__gte=since)
        | Q(period=SearchCount.Period.MONTH, day__gte=since.replace(day=1))
    )
    totals = rows.order_by().values("query").annotate(searches_total=Sum("searches"), results_best=Max("results"))
    return {
        "days": days,
        "since": since,
        "frequent": list(totals.order_by("-searches_total", "query")[:TOP]),
        "fruitless": list(totals.filter(results_best=0).order_by("-searches_total", "query")[:TOP]),
    }


@admin.register(SearchCount)
class SearchCountAdmin(admin.ModelAdmin):
    """Read-only: rows are written by the search page and folded up by ``roll_up_search_counts``."""

    change_list_template = "admin/search/searchcount/change_list.html"
    list_display = ["query", "day", "period", "searches", "results"]
    list_filter = ["period", "day"]
    search_fields = ["query"]
    date_hierarchy = "day"
    ordering = ["-day", "-searches"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        try:
            days = int(request.GET.get("days", 30))
        except ValueError:
            days = 30
        days = days if days in PERIODS else 30
        extra_context = {**(extra_context or {}), "summary": search_summary(days=days), "periods": PERIODS}
        # "days" is ours, not a field filter: keep it away from the changelist's own lookups.
        if "days" in request.GET:
            request.GET = request.GET.copy()
            del request.GET["days"]
        return super().changelist_view(request, extra_context=extra_context)
