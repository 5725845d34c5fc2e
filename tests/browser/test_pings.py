"""An imported pingback on the post page: axe finds nothing, the line reads well, and it offers no actions."""

import pytest
from playwright.sync_api import expect

from posts.demo import load_content
from posts.models import Post
from tests.comments.factories import PingbackFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_pingback_in_the_thread_passes_axe(transactional_db, live_server, sized_page, axe):
    load_content()
    post = Post.objects.get(slug="its-the-iliopsoas-stupid")
    mention = PingbackFactory(post=post)
    sized_page.goto(live_server.url + post.get_absolute_url() + f"#c{mention.pk}")
    item = sized_page.locator(f"#c{mention.pk}")
    expect(item.get_by_role("article", name="Pingback: Another Blog")).to_be_visible()
    link = item.get_by_role("link", name="Another Blog")
    expect(link).to_have_attribute("rel", "nofollow ugc noopener noreferrer")
    expect(item.get_by_role("link", name="Reply")).to_have_count(0)
    axe(sized_page, label=f"post with a pingback at {sized_page.width} px")
