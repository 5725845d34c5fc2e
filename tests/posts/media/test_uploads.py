"""Uploads into the media library: bad files get a clear form error and leave nothing behind;
good ones lose their EXIF (GPS) data, stand the right way up and get their renditions once."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from posts.media.services import image_create
from posts.models import Image
from tests.factories import image_bytes, make_image
from tests.posts.media.hostile import HOSTILE_UPLOADS, jpeg_with_gps

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/posts/image/add/"
PICKER_URL = "/admin/posts/image/picker/"


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize("case", list(HOSTILE_UPLOADS))
def test_each_bad_upload_is_a_form_error_in_the_admin_and_nothing_is_stored(case, client_as, clinician, stored_files):
    name, make, words = HOSTILE_UPLOADS[case]
    response = client_as(clinician).post(ADD_URL, {"upload": upload(name, make()), "alt": "Something"})
    assert response.status_code == 200  # the form again, never a 500
    errors = response.context["adminform"].form.errors["upload"]
    assert any(words in error for error in errors), errors
    assert not Image.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("case", list(HOSTILE_UPLOADS))
def test_each_bad_upload_is_a_form_error_in_the_editor_s_picker_too(case, client_as, clinician, stored_files):
    name, make, words = HOSTILE_UPLOADS[case]
    response = client_as(clinician).post(PICKER_URL, {"upload": upload(name, make()), "alt": "Something"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "could not be added" in page and words in page.replace("&#x27;", "'")
    assert "data-uploaded" not in page, "nothing is handed to the editor"
    assert not Image.objects.exists() and stored_files() == []


@pytest.mark.parametrize("case", list(HOSTILE_UPLOADS))
def test_the_service_refuses_them_with_a_validation_error(case, stored_files):
    name, make, words = HOSTILE_UPLOADS[case]
    with pytest.raises(ValidationError) as caught:
        image_create(file=ContentFile(make(), name=name), alt="Something")
    assert words in " ".join(caught.value.messages)
    assert not Image.objects.exists() and stored_files() == []


def test_a_truncated_photo_is_refused_even_after_weasyprint_was_imported(stored_files):
    """WeasyPrint (plan PDFs) turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process."""
    from PIL import ImageFile

    from tests.posts.media.hostile import truncated_jpeg

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # what ``import weasyprint`` does
    try:
        with pytest.raises(ValidationError, match="damaged or incomplete"):
            image_create(file=ContentFile(truncated_jpeg(), name="photo.jpg"), alt="Something")
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    assert not Image.objects.exists() and stored_files() == []


def test_missing_alt_text_is_refused_before_any_file_is_written(client_as, clinician, stored_files):
    response = client_as(clinician).post(ADD_URL, {"upload": upload("ok.jpg", image_bytes()), "alt": ""})
    assert "alt" in response.context["adminform"].form.errors
    with pytest.raises(ValidationError):
        image_create(file=ContentFile(image_bytes(), name="ok.jpg"), alt="   ")
    assert not Image.objects.exists() and stored_files() == []


def test_the_size_limit_is_a_setting(settings, stored_files):
    settings.MEDIA_IMAGE_MAX_MB = 1
    big = image_bytes(1500, 1500, "PNG", color="#123456", compress_level=0)  # ~6.7 MB uncompressed
    with pytest.raises(ValidationError, match="largest image accepted is 1 MB"):
        image_create(file=ContentFile(big, name="big.png"), alt="x")
    assert stored_files() == []


def test_gps_and_camera_data_are_gone_from_every_stored_file_and_the_photo_stands_upright(stored_files):
    image = image_create(file=ContentFile(jpeg_with_gps(), name="clinic-room.jpg"), alt="The treatment room")
    assert (image.width, image.height) == (800, 1200), "EXIF orientation 6 is applied to the pixels"
    names = stored_files()
    assert len(names) == 1 + len(image.renditions)
    for name in names:
        with default_storage.open(name) as handle:
            data = handle.read()
        stored = PILImage.open(io.BytesIO(data))
        exif = stored.getexif()
        assert len(exif) == 0, (name, dict(exif))
        assert not exif.get_ifd(0x8825), name  # no GPS IFD
        assert "exif" not in stored.info and "xmp" not in stored.info and "XML:com.adobe.xmp" not in stored.info
        assert b"GPS" not in data and b"Clinic Phone" not in data and b"xmpmeta" not in data, name
    with default_storage.open(image.file.name) as handle:
        master = PILImage.open(handle)
        master.load()
        # The marker painted top-left before rotation is now top-right, as the camera meant.
        assert master.getpixel((master.width - 5, 5)) != master.getpixel((5, 5))


def test_renditions_are_made_once_at_upload_with_webp_and_hashed_names():
    image = make_image(2000, 1000, alt="A wide drawing")
    widths = sorted({r["width"] for r in image.renditions})
    assert widths == [480, 960, 1600]
    assert {r["type"] for r in image.renditions} == {"image/jpeg", "image/webp"}
    assert image.srcset.endswith("/1600w.jpg 1600w") and "/480w.jpg 480w" in image.srcset
    assert image.webp_srcset.count("w,") == 2 and ".webp 480w" in image.webp_srcset
    assert (image.display_width, image.display_height) == (1600, 800)
    assert image.file.name.startswith(f"images/{image.content_hash[:2]}/{image.content_hash[:24]}/")
    again = make_image(2000, 1000, alt="The same drawing again")
    assert again.file.name == image.file.name, "the same bytes share their files"


def test_a_small_image_is_not_blown_up():
    image = make_image(300, 200, fmt="PNG")
    assert sorted({(r["width"], r["type"]) for r in image.renditions}) == [(300, "image/png"), (300, "image/webp")]
    assert image.url.endswith("/300w.png")


def test_webp_and_gif_uploads():
    webp = make_image(1000, 500, fmt="WEBP")
    assert {r["type"] for r in webp.renditions} == {"image/webp"} and webp.webp_renditions == []
    gif = make_image(40, 40, fmt="GIF")
    assert {r["type"] for r in gif.renditions} == {"image/png", "image/webp"}


def test_an_animated_gif_keeps_its_frames(stored_files):
    frames = [PILImage.new("RGB", (50, 30), color) for color in ("#c26a4a", "#1f5f5b", "#f2c48d")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=80, loop=0, comment=b"secret")
    image = image_create(file=ContentFile(buffer.getvalue(), name="wave.gif"), alt="A waving hand")
    with default_storage.open(image.url.removeprefix("/media/")) as handle:
        stored = PILImage.open(io.BytesIO(handle.read()))
        assert stored.n_frames == 3 and "comment" not in stored.info


def test_reuse_existing_returns_the_entry_already_made_for_the_same_picture():
    first = make_image(100, 80, alt="First", reuse_existing=True)
    second = make_image(100, 80, alt="Second", reuse_existing=True)
    assert first == second and Image.objects.count() == 1


def test_a_good_upload_through_the_admin_records_who_uploaded_it(client_as, clinician):
    response = client_as(clinician).post(
        ADD_URL, {"upload": upload("hip.jpg", image_bytes(1200, 900)), "alt": "The hip joint", "caption": "Front"}
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.uploaded_by == clinician and image.title == "hip" and image.caption == "Front"


def test_the_picker_lists_searches_and_hands_a_fresh_upload_to_the_editor(client_as, clinician):
    make_image(alt="Pelvis from the front", title="Pelvis")
    make_image(alt="Knee from the side", title="Knee", color="#000000")
    staff = client_as(clinician)
    page = staff.get(PICKER_URL, {"q": "pelvis"})
    assert page.status_code == 200 and page["X-Frame-Options"] == "SAMEORIGIN"
    assert [item["image"].title for item in page.context["items"]] == ["Pelvis"]
    response = staff.post(PICKER_URL, {"upload": upload("lunge.jpg", image_bytes()), "alt": "A lunge"})
    assert response.status_code == 200
    assert response.context["uploaded"].alt == "A lunge"
    assert "data-uploaded=" in response.content.decode()


def test_moderators_and_readers_cannot_open_the_picker(client_as, moderator, user, client):
    from tests.conftest import role_group

    moderator.groups.add(role_group("Moderators"))
    assert client_as(moderator).get(PICKER_URL).status_code == 403
    assert client_as(moderator).post(PICKER_URL, {"alt": "x"}).status_code == 403
    assert client_as(user).get(PICKER_URL).status_code == 302  # to the login page: not staff
    assert client.get(PICKER_URL).status_code == 302


def test_an_image_in_use_cannot_be_deleted_and_the_page_says_where(client_as, clinician, operator):
    from tests.factories import PostFactory

    image = make_image()
    post = PostFactory(author=clinician, featured_image=image, title="Hip post")
    PostFactory(author=clinician, body=f'<figure class="figure"><img src="/x.jpg" data-file="{image.pk}"></figure>')
    change = client_as(clinician).get(f"/admin/posts/image/{image.pk}/change/").content.decode()
    assert "featured image of the post" in change and "Hip post" in change and "in the text of the post" in change
    assert client_as(operator).post(f"/admin/posts/image/{image.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()
    post.featured_image = None
    post.save()
