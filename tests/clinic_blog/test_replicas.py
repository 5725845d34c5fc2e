"""Which database a request reads from, decided by clinic_blog.replicas (no real replica needed here)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from clinic_blog import replicas
from posts.models import Post

pytestmark = pytest.mark.django_db

router = replicas.PrimaryReplicaRouter()


@pytest.fixture
def one_replica(monkeypatch):
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica_1"])
    # pytest-django runs each test inside a transaction, which (rightly) keeps reads on the primary;
    # these tests look at the decisions a request makes outside one.
    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    replicas._down_until.clear()
    yield
    replicas._down_until.clear()


def read_alias_during(request, *, write=False):
    """The alias a read would use inside a view that (optionally) writes first."""
    seen = {}

    def view(request):
        if write:
            Post.objects.filter(pk=0).update(title="nothing")  # an UPDATE, even of no rows, is a write
        seen["alias"] = router.db_for_read(Post)
        return HttpResponse("ok")

    request.user = AnonymousUser()
    response = replicas.ReplicaMiddleware(view)(request)
    return seen["alias"], response


def test_without_replicas_everything_reads_from_the_primary():
    alias, response = read_alias_during(RequestFactory().get("/"))
    assert alias == "default"
    assert replicas.PIN_COOKIE not in response.cookies


def test_a_plain_read_goes_to_a_replica(one_replica):
    alias, response = read_alias_during(RequestFactory().get("/"))
    assert alias == "replica_1"
    assert replicas.PIN_COOKIE not in response.cookies


def test_a_request_that_wrote_reads_from_the_primary_and_pins_the_reader(one_replica, settings):
    alias, response = read_alias_during(RequestFactory().get("/"), write=True)
    assert alias == "default"
    cookie = response.cookies[replicas.PIN_COOKIE]
    assert cookie["max-age"] == settings.REPLICA_PIN_SECONDS and cookie["httponly"]


def test_a_pinned_reader_reads_from_the_primary(one_replica):
    request = RequestFactory().get("/")
    request.COOKIES[replicas.PIN_COOKIE] = "1"
    assert read_alias_during(request)[0] == "default"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unsafe_methods_read_from_the_primary(one_replica, method):
    assert read_alias_during(getattr(RequestFactory(), method)("/comments/post/"))[0] == "default"


def test_the_admin_always_reads_from_the_primary(one_replica):
    assert read_alias_during(RequestFactory().get("/admin/comments/pendingcomment/"))[0] == "default"


def test_reads_inside_a_transaction_stay_on_the_primary(one_replica):
    def view(request):
        with transaction.atomic():
            inside = router.db_for_read(Post)
        return HttpResponse(inside)

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert replicas.ReplicaMiddleware(view)(request).content == b"default"
    assert read_alias_during(RequestFactory().get("/"))[0] == "replica_1"


def test_sessions_are_always_read_from_the_primary(one_replica):
    from django.contrib.sessions.models import Session

    def view(request):
        return HttpResponse(router.db_for_read(Session))

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert replicas.ReplicaMiddleware(view)(request).content == b"default"


def test_outside_a_request_reads_stay_on_the_primary(one_replica):
    """Workers and commands read, then write: they must read the truth."""
    assert router.db_for_read(Post) == "default"


def test_writes_and_migrations_only_touch_the_primary():
    assert router.db_for_write(Post) == "default"
    assert router.allow_migrate("default", "posts") is True
    assert router.allow_migrate("replica_1", "posts") is False


def test_a_replica_marked_down_is_skipped_until_its_retry_time(one_replica, settings, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(replicas.time, "monotonic", lambda: clock[0])
    replicas.mark_replica_down("replica_1")
    assert read_alias_during(RequestFactory().get("/"))[0] == "default"
    clock[0] += settings.REPLICA_RETRY_SECONDS + 1
    assert read_alias_during(RequestFactory().get("/"))[0] == "replica_1"


def test_replica_urls_become_database_aliases_that_mirror_the_primary_in_tests():
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DATABASE_REPLICA_URLS'] = 'postgres://r1/db,postgres://r2/db';"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'clinic_blog.settings_test'; django.setup();"
        "from django.conf import settings as s;"
        "print(sorted(s.DATABASES), s.DATABASES['replica_2']['HOST'], s.DATABASES['replica_1']['TEST']['MIRROR'])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['default', 'replica_1', 'replica_2'] r2 default"


# --- Pages the page cache keeps are rendered from the primary ----------------------------------
# A page rendered from a lagging replica just after an edit would be kept (in Redis and nginx) and
# served, stale, to every anonymous reader for PAGE_CACHE_SECONDS.


def test_a_render_the_page_cache_will_keep_reads_from_the_primary(one_replica):
    request = RequestFactory().get("/")
    request.page_cache_candidate = True  # set by posts.pagecache.middleware on a miss
    assert read_alias_during(request)[0] == "default"


def test_nginx_refreshing_a_changed_page_reads_from_the_primary(one_replica):
    assert read_alias_during(RequestFactory().get("/", HTTP_X_CLINIC_REFRESH="1"))[0] == "default"


@pytest.fixture
def pins(monkeypatch):
    """Whether each request through the real middleware stack was pinned to the primary."""
    made = []

    class Recorded(replicas.RequestState):
        __slots__ = ()

        def __init__(self, pinned=False):
            super().__init__(pinned)
            made.append(self)

    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica_1"])
    monkeypatch.setattr(replicas, "RequestState", Recorded)
    return made


@pytest.fixture
def page_cache_on(settings):
    from django.core.cache import caches

    settings.PAGE_CACHE = True
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_an_anonymous_page_cache_miss_is_rendered_from_the_primary(page_cache_on, pins, post):
    from django.test import Client

    response = Client().get(post.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert [state.pinned for state in pins] == [True]
    assert Client().get(post.get_absolute_url())["X-Page-Cache"] == "hit"
    assert len(pins) == 1, "a hit is answered before the router is asked anything"


def test_pages_the_page_cache_does_not_keep_may_read_from_a_replica(page_cache_on, pins, post, client_as):
    from django.test import Client

    from tests.factories import UserFactory

    client_as(UserFactory()).get(post.get_absolute_url())  # a signed-in reader
    Client().get(post.get_absolute_url(), {"utm_source": "newsletter"})  # a query string the cache ignores
    assert [state.pinned for state in pins] == [False, False]


def test_only_the_refresh_value_nginx_passes_on_pins(one_replica):
    assert read_alias_during(RequestFactory().get("/", HTTP_X_CLINIC_REFRESH="0"))[0] == "replica_1"
