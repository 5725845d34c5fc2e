"""The look holds and the keyboard works: type scale, fonts, cards, footer, comment form, Escape.

Measured in the browser at 1280 and 390 px on the demo content (tests/browser/pages.py lists
the pages; test_accessibility.py audits them all with axe and the Nu checker).
"""

import pytest

from posts.demo import load_content
from tests.browser.conftest import heading_scale_problems
from tests.browser.pages import POST
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The largest heading of each level in the main content (and its weight): H1 > H2 > H3.
HEADING_SIZES = """() => ['h1', 'h2', 'h3'].map(tag => {
  const sizes = [...document.querySelectorAll('main ' + tag)].map(el => parseFloat(getComputedStyle(el).fontSize));
  return sizes.length ? Math.max(...sizes) : null;
})"""
HEAVIEST = "() => Math.max(...[...document.querySelectorAll('main h2')].map(el => +getComputedStyle(el).fontWeight), 0)"


# WCAG 1.4.12's text-spacing override, set through the CSSOM (which a Content-Security-Policy allows).
TEXT_SPACING = """() => document.querySelectorAll('body *').forEach(el => {
  el.style.setProperty('line-height', '1.5', 'important');
  el.style.setProperty('letter-spacing', '0.12em', 'important');
  el.style.setProperty('word-spacing', '0.16em', 'important');
  if (el.tagName === 'P') el.style.setProperty('margin-bottom', '2em', 'important');
})"""


@pytest.fixture
def demo(transactional_db, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    load_content()
    from posts.models import Post

    return CommentFactory(post=Post.objects.get(slug="its-the-iliopsoas-stupid"), user_name="Tom Baker")


@pytest.mark.parametrize(
    "path", [POST, "/exercises/", "/posts/author/maya-lindqvist/", "/search/?q=psoas", "/no-such-page/"]
)
def test_one_heading_style_and_h1_above_h2_above_h3(demo, live_server, sized_page, path):
    """Every heading of a level is at least as large as any of the next (the largest alone hid small label H2s).

    test_accessibility.py runs the same check on every audited page state at both widths.
    """
    sized_page.goto(live_server.url + path)
    h1 = sized_page.locator("main h1").first
    style = h1.evaluate("el => [getComputedStyle(el).fontFamily, getComputedStyle(el).fontWeight]")
    assert style[0].startswith('"Source Serif 4"') and style[1] == "600", f"H1 on {path} is {style}"
    sizes = [size for size in sized_page.evaluate(HEADING_SIZES) if size]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == len(sizes), f"{path}: {sizes}"
    assert sized_page.evaluate(HEAVIEST) <= 600, "no H2 is heavier than the H1"
    assert heading_scale_problems(sized_page) == [], f"{path} at {sized_page.width} px"


def test_the_heading_scale_check_reports_a_small_h2(demo, live_server, page):
    """The check can fail: a label-sized H2 above a normal H3 is caught, though the largest H2 is large."""
    page.goto(live_server.url + "/posts/author/maya-lindqvist/")
    page.evaluate(
        """() => {
          const label = Object.assign(document.createElement('h2'), {textContent: 'Share'});
          label.style.fontSize = '12px';  // through the CSSOM, which the Content-Security-Policy allows
          const step = Object.assign(document.createElement('h3'), {textContent: 'Steps'});
          document.querySelector('main').append(label, step);
        }"""
    )
    problems = heading_scale_problems(page)
    assert problems and problems[0].startswith("H2 'Share' is 12 px, smaller than H3")


def test_the_fonts_are_self_hosted_and_loaded(demo, live_server, sized_page, offsite_requests):
    sized_page.goto(live_server.url + POST)
    sized_page.evaluate("document.fonts.ready")
    loaded = sized_page.evaluate(
        "() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight)"
    )
    assert any("Source Serif 4" in face for face in loaded) and any("Inter" in face for face in loaded)
    preloads = sized_page.locator("link[rel=preload][as=font]")
    assert preloads.count() >= 1 and "/static/fonts/" in preloads.first.get_attribute("href")
    assert offsite_requests() == []


def test_buttons_have_weight_and_a_visible_focus_ring(demo, live_server, page):
    page.goto(live_server.url + POST)
    button = page.get_by_role("button", name="Post comment")
    assert button.evaluate("el => getComputedStyle(el).fontWeight") == "600"
    button.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    ring = button.evaluate("el => [getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth)]")
    assert ring[0] == "solid" and ring[1] >= 2


def test_cards_with_and_without_images_line_up(demo, live_server, sized_page):
    sized_page.goto(live_server.url + "/")
    tops = sized_page.locator(".card .card__image").evaluate_all(
        "els => els.map(el => Math.round(el.getBoundingClientRect().height))"
    )
    assert len(tops) == sized_page.locator(".card").count() >= 2, "every card has a picture or a tile"
    assert max(tops) - min(tops) <= 1, f"the tiles are the images' height: {tops}"


def test_the_footer_reaches_the_bottom_of_a_short_page(demo, live_server, sized_page):
    sized_page.goto(live_server.url + "/comments/my-data/")
    bottom = sized_page.evaluate("document.querySelector('.site-footer').getBoundingClientRect().bottom")
    height = sized_page.evaluate("window.innerHeight")
    scroll = sized_page.evaluate("document.documentElement.scrollHeight")
    assert bottom >= height - 1 or scroll > height


def test_escape_closes_the_inline_reply_form_and_returns_to_reply(demo, live_server, page):
    page.goto(live_server.url + POST)
    reply = page.locator(f"#c{demo.pk} > article .comment__reply")
    reply.click()
    textarea = page.locator("#respond textarea")
    assert textarea.evaluate("el => el === document.activeElement")
    assert page.locator(f"#c{demo.pk} #respond").count() == 1
    page.keyboard.press("Escape")
    assert page.locator(f"#c{demo.pk} #respond").count() == 0, "the form went back to its place"
    assert reply.evaluate("el => el === document.activeElement"), "focus is back on the Reply link"
    assert page.locator("#respond-title").inner_text() == "Leave a comment"


def test_the_error_summary_takes_focus_and_links_to_each_field(demo, live_server, sized_page):
    sized_page.goto(live_server.url + POST)
    sized_page.locator("#comment-form").evaluate("form => { form.noValidate = true; }")
    sized_page.get_by_label("Website").fill("not a web address")
    sized_page.get_by_role("button", name="Post comment").click()
    summary = sized_page.locator(".error-summary")
    summary.wait_for()
    assert summary.evaluate("el => el === document.activeElement"), "focus moved to the summary"
    links = summary.locator("a")
    targets = links.evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert {"#id_name", "#id_email", "#id_comment", "#id_url"} <= set(targets)
    summary.get_by_role("link", name="Email").first.click()
    assert sized_page.evaluate("document.activeElement.id") == "id_email"
    email = sized_page.locator("#id_email")
    described = email.get_attribute("aria-describedby") or ""
    for ident in described.split():
        assert sized_page.locator(f"#{ident}").count() == 1, f"aria-describedby points at a missing #{ident}"


def test_long_references_wrap_with_wcag_text_spacing(demo, live_server, sized_page):
    """WCAG 1.4.12: line height 1.5, paragraph spacing 2, letter spacing 0.12 and word spacing 0.16 em."""
    from posts.models import Post, Reference

    post = Post.objects.get(slug="its-the-iliopsoas-stupid")
    Reference.objects.filter(object_id=post.pk).update(doi="10.1016/j.very-long-journal-name.2019.01.234567890123")
    sized_page.goto(live_server.url + POST)
    sized_page.evaluate(TEXT_SPACING)
    overflow = sized_page.locator(".references a").evaluate_all(
        "els => els.map(a => a.getBoundingClientRect().right - a.closest('li').getBoundingClientRect().right)"
    )
    assert overflow and max(overflow) <= 1, f"a reference link overflows its line by {max(overflow)} px"
