"""What readers look for: searches counted without personal data, listed for the clinician, rolled up after 90 days."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from notifications.queue import SCHEDULES
from posts.search.models import SearchCount
from posts.search.services import search_count_record, search_counts_roll_up
from posts.search.text import parse_query
from tests.notifications.worker import worker_turn

pytestmark = pytest.mark.django_db


def test_a_search_is_counted_by_its_words_alone(demo, client):
    client.get("/search/", {"q": "  Soas  "}, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Reader/1.0")
    client.get("/search/", {"q": "soas"})
    client.get("/search/", {"q": "xylophone"})
    rows = {row.query: row for row in SearchCount.objects.all()}
    assert rows["soas"].searches == 2 and rows["soas"].results >= 1
    assert rows["xylophone"].searches == 1 and rows["xylophone"].results == 0
    assert rows["soas"].day == timezone.localdate() and rows["soas"].period == "day"
    # Nothing in the model could hold who searched.
    fields = {field.name for field in SearchCount._meta.get_fields()}
    assert fields == {"id", "period", "day", "query", "searches", "results"}
    assert "203.0.113.9" not in str(list(SearchCount.objects.values()))


def test_email_addresses_and_phone_numbers_are_blanked(db):
    search_count_record(query=parse_query("Jo.Reader@example.org knee"), results=0)
    search_count_record(query=parse_query("call 01223 000 000 about psoas"), results=3)
    assert set(SearchCount.objects.values_list("query", flat=True)) == {"[email] knee", "call [number] about psoas"}


def test_problem_queries_are_not_counted(demo, client):
    for text in ("", "?!", "x" * 201):
        client.get("/search/", {"q": text})
    assert not SearchCount.objects.exists()


def test_rows_older_than_90_days_fold_into_monthly_totals(db):
    today = datetime.date(2026, 11, 29)
    for day, searches, results in ((datetime.date(2026, 7, 3), 2, 0), (datetime.date(2026, 7, 20), 3, 4)):
        SearchCount.objects.create(day=day, query="psoas", searches=searches, results=results)
    SearchCount.objects.create(day=datetime.date(2026, 8, 1), query="psoas", searches=1, results=4)
    SearchCount.objects.create(day=datetime.date(2026, 11, 1), query="psoas", searches=7, results=4)  # recent: kept
    assert search_counts_roll_up(today=today) == 3
    monthly = {row.day: row for row in SearchCount.objects.filter(period="month")}
    assert monthly[datetime.date(2026, 7, 1)].searches == 5 and monthly[datetime.date(2026, 7, 1)].results == 4
    assert monthly[datetime.date(2026, 8, 1)].searches == 1
    assert SearchCount.objects.get(period="day").day == datetime.date(2026, 11, 1)
    # Running it again changes nothing; the total number of searches is unchanged.
    assert search_counts_roll_up(today=today) == 0
    assert sum(SearchCount.objects.values_list("searches", flat=True)) == 13


def test_the_command_rolls_up(db, capsys):
    SearchCount.objects.create(day=timezone.localdate() - datetime.timedelta(days=200), query="old", searches=2)
    call_command("roll_up_search_counts")
    assert "Folded 1 daily rows" in capsys.readouterr().out
    assert SearchCount.objects.get().period == "month"


def test_the_task_worker_rolls_up_old_counts_daily(db, settings):
    settings.SEARCH_COUNTS_KEEP_DAYS = 30
    today = timezone.localdate()
    SearchCount.objects.create(day=today - datetime.timedelta(days=40), query="old", searches=2)
    SearchCount.objects.create(day=today - datetime.timedelta(days=3), query="recent", searches=1)
    job = next(job for job in SCHEDULES if job[1] == "posts.search.services.search_counts_roll_up")
    assert job[2:] == ("I", 24 * 60)
    worker_turn()
    assert dict(SearchCount.objects.values_list("query", "period")) == {"old": "month", "recent": "day"}


def test_the_admin_lists_frequent_and_fruitless_searches(admin_client):
    today = timezone.localdate()
    SearchCount.objects.create(day=today, query="psoas", searches=9, results=12)
    SearchCount.objects.create(day=today - datetime.timedelta(days=3), query="psoas", searches=2, results=12)
    SearchCount.objects.create(day=today, query="scaphoid", searches=4, results=0)
    SearchCount.objects.create(day=today - datetime.timedelta(days=60), query="ancient", searches=50, results=0)
    page = BeautifulSoup(admin_client.get("/admin/search/searchcount/").content, "html.parser")
    frequent = [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in page.select("#frequent-searches tbody tr")
    ]
    fruitless = [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in page.select("#fruitless-searches tbody tr")
    ]
    assert frequent == [["psoas", "11", "12"], ["scaphoid", "4", "0"]]
    assert fruitless == [["scaphoid", "4"]]
    wider = BeautifulSoup(admin_client.get("/admin/search/searchcount/?days=90").content, "html.parser")
    assert wider.select_one("#frequent-searches tbody tr th").get_text() == "ancient"
    assert admin_client.get("/admin/search/searchcount/?days=nonsense").status_code == 200
    assert admin_client.get("/admin/search/searchcount/add/").status_code == 403


def test_authors_may_read_the_list(client_as, clinician):
    from comments.roles import AUTHORS, grant_authors_content_permissions
    from tests.factories import UserFactory

    author = UserFactory(username="writer", is_staff=True)
    group, _ = Group.objects.get_or_create(name=AUTHORS)
    author.groups.add(group)
    grant_authors_content_permissions()
    SearchCount.objects.create(day=timezone.localdate(), query="psoas", searches=1, results=2)
    assert client_as(author).get("/admin/search/searchcount/").status_code == 200
