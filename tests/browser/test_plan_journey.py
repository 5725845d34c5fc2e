"""Journey: a reader builds a home-exercise plan from the iliopsoas post, edits it, prints and downloads it."""

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from posts.demo import load_content
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

POST = "/posts/its-the-iliopsoas-stupid/"


@pytest.fixture
def demo(transactional_db):
    load_content()


def build_plan(page, live_server):
    page.goto(live_server.url + POST)
    page.get_by_role("button", name="Add all to my plan").click()
    page.wait_for_url(f"**{POST}#post-exercises")
    assert "Added 9 exercises to your plan" in page.locator(".messages").inner_text()
    page.get_by_role("link", name="See my plan").click()
    page.wait_for_url("**/plans/")


def test_reader_builds_edits_prints_and_downloads_a_plan(demo, live_server, page, screenshot, offsite_requests):
    build_plan(page, live_server)
    names = page.locator(".plan-exercise__name").all_inner_texts()
    assert len(names) == 9 and names[0].endswith("Hanging leg raise")

    page.get_by_role("button", name="Remove Hanging leg raise").click()
    page.wait_for_url("**/plans/")
    assert page.locator(".plan-exercise").count() == 8
    assert "Hanging leg raise" not in page.locator(".plan-exercises").inner_text()

    boat = page.locator(".plan-exercise", has=page.get_by_role("heading", name="Boat"))
    boat.get_by_label("Sets").fill("4")
    boat.get_by_label("Times a week").fill("5")
    boat.get_by_role("button", name="Save dosage for Boat").click()
    page.wait_for_url("**/plans/#exercise-*")
    boat = page.locator(".plan-exercise", has=page.get_by_role("heading", name="Boat"))
    assert "Hold 15 seconds, 4 times; 5 times a week" in boat.locator(".plan-exercise__dosage").inner_text()

    # Out of bounds: refused on the page, nothing lost.
    boat.get_by_label("Sets").fill("40")
    assert boat.get_by_label("Sets").evaluate("input => input.validity.rangeOverflow")  # the browser says so first
    boat.locator("form.plan-controls").evaluate("form => { form.noValidate = true; }")  # and the server too
    boat.get_by_role("button", name="Save dosage for Boat").click()
    assert "nothing was changed" in page.locator(".plan-page__error").inner_text()
    assert page.locator(".plan-field__error").first.inner_text() == "At most 10."

    page.goto(live_server.url + "/plans/")
    assert page.get_by_role("button", name="Print").is_visible()  # shown by plans.js
    screenshot(page, "plan-page-laptop")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".plan-controls").first.is_visible()
    assert not page.locator(".plan-tools").is_visible()
    screenshot(page, "plan-print-view")
    page.pdf(path=str(SCREENSHOTS / "plan-printed-by-chromium.pdf"))  # the browser's own print, to look at
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").last.click()
    download = download_info.value
    assert download.suggested_filename == "exercise-plan.pdf"
    content = download.path().read_bytes()
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    expected = ["Abdominal soft-tissue release", "Warrior one", "Triangle", "Extended side angle", "Boat", "Pigeon"]
    positions = [text.index(name) for name in expected]
    assert positions == sorted(positions)
    assert "Hanging leg raise" not in text
    assert "Hold 15 seconds, 4 times; 5 times a week" in text
    assert "Medical disclaimer" in text and "booking.example.org" in text.replace("\n", "")
    assert len(reader.pages) <= 2
    (SCREENSHOTS / "plan.pdf").write_bytes(content)
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                str(SCREENSHOTS / "plan.pdf"),
                str(SCREENSHOTS / "plan-pdf"),
            ],
            check=True,
        )
    assert offsite_requests() == []


def test_the_share_link_opens_the_same_plan_elsewhere(demo, live_server, page, browser):
    build_plan(page, live_server)
    link = page.get_by_label("A link to this plan").input_value()
    other = browser.new_context().new_page()
    other.goto(link.replace("http://testserver", live_server.url))
    assert other.locator(".plan-exercise").count() == 9
    other.goto(live_server.url + "/plans/")
    assert "Your plan is empty" in other.locator("main").inner_text()
    other.context.close()


@pytest.mark.parametrize("media", ["screen", "print"])
def test_the_plan_page_has_no_axe_violations(demo, live_server, sized_page, axe, screenshot, media):
    build_plan(sized_page, live_server)
    sized_page.emulate_media(media=media)
    axe(sized_page, label=f"/plans/ ({media}) at {sized_page.width} px")
    if sized_page.width < 500:
        screenshot(sized_page, f"plan-page-phone-{media}")
        overflow = sized_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0


def test_shared_and_problem_pages_have_no_axe_violations(demo, live_server, sized_page, axe):
    build_plan(sized_page, live_server)
    link = sized_page.get_by_label("A link to this plan").input_value().replace("http://testserver", live_server.url)
    sized_page.goto(link)
    axe(sized_page, label=f"shared plan at {sized_page.width} px")
    sized_page.goto(live_server.url + "/plans/shared/changed-link/")
    axe(sized_page, label=f"tampered link page at {sized_page.width} px")


def test_the_comment_form_warns_before_posting_personal_details(demo, live_server, page, screenshot):
    page.goto(live_server.url + POST)
    warning = page.locator("#health-advice-warning")
    assert warning.is_hidden()
    page.get_by_label("Your comment").fill("I did 3 sets of 10 and it felt fine")
    page.wait_for_timeout(600)
    assert warning.is_hidden()
    page.get_by_label("Your comment").fill("My MRI shows a tear, call me on 07700 900123")
    warning.wait_for(state="visible")
    assert "a phone number" in warning.inner_text() and "your own medical details" in warning.inner_text()
    warning.scroll_into_view_if_needed()
    screenshot(page, "comment-health-warning", full_page=False)
