"""Journey: the clinician signs in, writes a post with a heading, a list and an uploaded image,
links a topic and two exercises, previews it, publishes it, and readers see it with its srcset."""

import io
import re

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw
from PIL.ExifTags import IFD

from posts.models import Image, Post
from tests.factories import AnatomyTopicFactory, ExerciseFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def library(clinician):
    AnatomyTopicFactory(name="Iliopsoas", slug="iliopsoas", author=clinician)
    return [
        ExerciseFactory(name="Kneeling lunge stretch", slug="kneeling-lunge-stretch", author=clinician),
        ExerciseFactory(name="Pigeon", slug="pigeon", author=clinician),
    ]


@pytest.fixture
def phone_photo(tmp_path):
    """A 2400×1600 photo as a phone saves it: turned by EXIF, with a GPS position."""
    image = PILImage.new("RGB", (2400, 1600), "#c26a4a")
    ImageDraw.Draw(image).ellipse([600, 300, 1800, 1300], fill="#1f5f5b")
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90° when shown
    exif.get_ifd(IFD.GPSInfo).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    path = tmp_path / "lunge.jpg"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=85)
    path.write_bytes(buffer.getvalue())
    return path


def pick_autocomplete(page, select_id, text):
    page.locator(f"#{select_id} + .select2-container").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_the_clinician_writes_previews_and_publishes_a_post(
    clinician, library, phone_photo, live_server, page, browser, screenshot
):
    # Signing in to /admin/ goes through allauth's login page.
    page.goto(live_server.url + "/admin/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F$"))
    page.fill("input[name=login]", "clinician")
    page.fill("input[name=password]", "pass-for-tests-123")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(live_server.url + "/admin/")
    page.get_by_role("link", name="Write a post").click()
    page.wait_for_url("**/admin/posts/post/add/")

    page.fill("#id_title", "Stretching the psoas at your desk")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("## Why a desk tightens the hip")
    page.keyboard.press("Enter")
    page.keyboard.type("Sitting holds the hip bent for hours at a time.")
    page.keyboard.press("Enter")
    page.keyboard.type("- Stand up every half hour")
    page.keyboard.press("Enter")
    page.keyboard.type("Hold each stretch for thirty seconds")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")

    # The image comes from the media library: uploaded in the editor's dialog, inserted at once.
    page.get_by_role("button", name="figure").click()
    library_frame = page.frame_locator("iframe.clinic-library__frame")
    library_frame.locator("#id_upload").set_input_files(str(phone_photo))
    library_frame.locator("#id_alt").fill("A kneeling lunge that stretches the front of the hip")
    library_frame.locator("#id_caption").fill("Keep the back upright and the hips square.")
    library_frame.get_by_role("button", name="Upload and insert").click()
    inserted = editor.locator("figure img")
    inserted.wait_for()
    assert inserted.get_attribute("alt") == "A kneeling lunge that stretches the front of the hip"
    assert editor.locator("h2").inner_text() == "Why a desk tightens the hip"
    assert editor.locator("ul > li").count() == 2
    screenshot(page, "writing-editor-laptop", full_page=False)

    pick_autocomplete(page, "id_topics", "Iliopsoas")
    for row, name in enumerate(["Kneeling lunge stretch", "Pigeon"]):
        page.get_by_role("button", name=re.compile("Add another exercise", re.I)).click()
        page.fill(f"#id_exercise_entries-{row}-order", str(row + 1))
        pick_autocomplete(page, f"id_exercise_entries-{row}-exercise", name)
        page.fill(f"#id_exercise_entries-{row}-dosage", "Hold 30 seconds, twice each side")
    page.fill("#id_seo_description", "Two stretches for a tight psoas after a day at a desk.")
    assert "54 characters" in page.locator("#id_seo_description_count").inner_text()
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url(re.compile(r"/admin/posts/post/\d+/change/$"))

    post = Post.objects.get(title="Stretching the psoas at your desk")
    assert post.state == "draft" and post.author == clinician
    assert [t.name for t in post.topics.all()] == ["Iliopsoas"]
    assert [e.exercise.name for e in post.exercise_entries.order_by("order")] == ["Kneeling lunge stretch", "Pigeon"]
    stored = Image.objects.get()
    assert (stored.width, stored.height) == (1600, 2400), "the camera's orientation is applied"

    # Preview: the public page, for staff only, under a draft banner.
    page.get_by_role("link", name="Preview").click()
    page.wait_for_url(f"**{post.get_absolute_url()}")
    assert "Draft" in page.locator(".banner--draft").inner_text()
    assert page.locator(".prose h2").first.inner_text() == "Why a desk tightens the hip"
    screenshot(page, "writing-preview-laptop")
    page.go_back()

    page.select_option("#id_status", "published")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/posts/post/")
    post.refresh_from_db()
    assert post.is_public

    reader = browser.new_context(viewport={"width": 1280, "height": 900})
    public = reader.new_page()
    response = public.goto(live_server.url + post.get_absolute_url())
    assert response.status == 200
    assert public.locator(".banner--draft").count() == 0
    figure = public.locator(".prose figure")
    img = figure.locator("img")
    srcset = img.get_attribute("srcset")
    assert re.search(r"/480w\.jpg 480w, .*/960w\.jpg 960w, .*/1600w\.jpg 1600w$", srcset), srcset
    assert figure.locator("source[type='image/webp']").get_attribute("srcset").count("w,") == 2
    assert img.get_attribute("width") == "1600" and img.get_attribute("height") == "2400"
    assert img.get_attribute("alt") == "A kneeling lunge that stretches the front of the hip"
    assert "Keep the back upright" in figure.locator("figcaption").inner_text()
    assert public.locator(".prose ul > li").count() == 2
    assert public.locator("ol.exercise-plan > li h3").all_inner_texts() == ["Kneeling lunge stretch", "Pigeon"]
    assert public.get_by_role("link", name="Iliopsoas").first.is_visible()
    figure.scroll_into_view_if_needed()
    screenshot(public, "writing-published-laptop")
    reader.close()


def test_a_reader_reaches_youtube_only_after_pressing_play(clinician, live_server, page, screenshot, axe):
    from tests.factories import PostFactory

    post = PostFactory(
        author=clinician,
        title="A stretch to watch",
        body='<p>Watch it once before you try.</p><figure data-video="https://youtu.be/dQw4w9WgXcQ">'
        "<figcaption>Kneeling hip flexor stretch</figcaption></figure>",
    )
    offsite = []
    page.context.on(
        "request", lambda request: offsite.append(request.url) if not request.url.startswith(live_server.url) else None
    )
    page.context.route(
        "**/*", lambda route: route.abort() if not route.request.url.startswith(live_server.url) else route.continue_()
    )
    page.goto(live_server.url + post.get_absolute_url())
    play = page.get_by_role("link", name="Play the video: Kneeling hip flexor stretch")
    play.scroll_into_view_if_needed()
    screenshot(page, "writing-video-placeholder-laptop", full_page=False)
    assert offsite == [], "nothing is requested from YouTube before the reader asks"
    assert page.locator("iframe").count() == 0
    axe(page, label="a post with a video placeholder")
    play.click()
    frame = page.locator("iframe.video-embed__iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
    assert frame.get_attribute("title") == "Kneeling hip flexor stretch"
    page.wait_for_timeout(300)
    assert offsite and all("youtube-nocookie.com" in url for url in offsite)
