"""The plan as a PDF: a real PDF, the right exercises in order, the disclaimer, no network."""

import io

import pytest
from pypdf import PdfReader

from posts.plans.entries import PlanEntry
from posts.plans.pdf import read_local
from posts.plans.services import patient_plan_create
from tests.posts.plans.conftest import add_all

pytestmark = pytest.mark.django_db


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_readers_plan_downloads_as_a_pdf(client, post, programme):
    add_all(client, post)
    response = client.get("/plans/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="exercise-plan.pdf"'
    assert response.content.startswith(b"%PDF-")
    reader, text = pdf_text(response.content)
    positions = [text.index(exercise.name) for exercise in programme]
    assert positions == sorted(positions)
    assert "Medical disclaimer" in text and "Take care" in text.title() or "TAKE CARE" in text
    assert len(reader.pages) <= 2


def on_pages(reader):
    """Each page's text with its line breaks undone, to find a sentence's first words on it."""
    return [" ".join(page.extract_text().replace("-\n", "-").split()) for page in reader.pages]


@pytest.mark.parametrize("pictures", [False, True], ids=["text", "with-pictures"])
def test_the_demo_programme_is_a_two_page_handout_with_no_exercise_split(client, pictures):
    """The iliopsoas post's nine exercises ("Add all to my plan"): two A4 pages, each exercise on one."""
    from posts.demo import load_content
    from posts.models import Exercise, Post
    from tests.factories import make_image

    load_content()
    post = Post.objects.get(slug="its-the-iliopsoas-stupid")
    exercises = [entry.exercise for entry in post.exercise_entries.select_related("exercise")]
    assert len(exercises) == 9
    if pictures:  # wide drawings, as the demo's poses are
        drawing = make_image(1200, 600, alt="A drawing of the pose")
        Exercise.objects.filter(pk__in=[exercise.pk for exercise in exercises]).update(image=drawing)
    add_all(client, post)
    reader, _ = pdf_text(client.get("/plans/pdf/").content)
    assert len(reader.pages) <= 2
    pages = on_pages(reader)
    for exercise in exercises:
        # Its name, first and last steps and last caution (by their first words) are all on one page.
        parts = [exercise.name, exercise.step_list[0], exercise.step_list[-1], *exercise.caution_list[-1:]]
        starts = [" ".join(part.split()[:3]) for part in parts]
        where = {start: [n for n, text in enumerate(pages) if start in text] for start in starts}
        assert all(found for found in where.values()), f"{exercise.name}: not found {where}"
        assert len({found[0] for found in where.values()}) == 1, f"{exercise.name} is split across pages: {where}"
    assert "Medical disclaimer" in pages[-1]


def test_an_empty_plan_has_no_pdf(client):
    response = client.get("/plans/pdf/")
    assert response.status_code == 302 and response["Location"] == "/plans/"


def test_a_patient_plan_pdf_has_its_title_and_note(client, clinician, library):
    _, token = patient_plan_create(
        clinician=clinician, title="Your hip programme", note="Every other day.", entries=[PlanEntry(library.bridge.pk)]
    )
    response = client.get(f"/plans/for-you/{token}/pdf/")
    _, text = pdf_text(response.content)
    assert "Your hip programme" in text and "Every other day." in text and "Bridge" in text


def test_exercise_images_are_in_the_pdf(client, library):
    from tests.factories import make_image

    library.bridge.image = make_image(40, 30, alt="A bridge on a mat")
    library.bridge.image_alt = ""
    library.bridge.save()
    client.post("/plans/add/", {"exercise": library.bridge.pk})
    assert 'alt="A bridge on a mat"' in client.get("/plans/").content.decode()
    reader, _ = pdf_text(client.get("/plans/pdf/").content)
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1


def test_the_pdf_builder_reads_only_our_own_files(settings):
    assert read_local("http://testserver/static/css/print.css")[0].startswith(b"/* Print")
    for url in (
        "https://evil.example/x.png",
        "file:///etc/passwd",
        "http://testserver/media/../../etc/passwd",
        "http://testserver/static/../../etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
    ):
        assert read_local(url) == (None, "")
