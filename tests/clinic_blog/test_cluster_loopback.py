"""Beyond one machine, proven on one: two app servers behind nginx share PostgreSQL (with a streaming
replica), Redis and S3-compatible storage. ``make cluster`` runs the same checks and adds throughput.
"""

import os

import pytest

from tests.loopback.cluster import CHECKS, Site
from tests.loopback.postgres import LoopbackCluster
from tests.loopback.services import LoopbackNginx, LoopbackRedis

pytestmark = pytest.mark.skipif(
    not (LoopbackCluster.available() and LoopbackRedis.available() and LoopbackNginx.available())
    and os.environ.get("CI") != "true",
    reason="needs PostgreSQL's server binaries, redis-server and nginx (Debian packages)",
)


@pytest.fixture(scope="module")
def site():
    site = Site()
    try:
        yield site.start(log=lambda message: None)
    finally:
        site.stop()


@pytest.mark.parametrize("check", CHECKS, ids=[check.__name__.removeprefix("check_") for check in CHECKS])
def test_what_must_hold_across_app_servers(site, check):
    result = check(site)
    assert result.held, f"{result.name}: {result.detail}"
