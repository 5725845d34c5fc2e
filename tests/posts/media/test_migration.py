"""The data migration that moved images uploaded before the media library into it."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from PIL import Image as PILImage

from tests.posts.media.hostile import jpeg_with_gps

BEFORE = [("posts", "0003_seed_exercise_goals")]
AFTER = [("posts", "0006_remove_old_image_fields")]


@pytest.fixture
def migrate_to(transactional_db):
    def run(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield run
    run(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_old_image_fields_move_into_the_library_without_their_exif(migrate_to, media_root):
    old = migrate_to(BEFORE)
    User = old.get_model("auth", "User")
    Post = old.get_model("posts", "Post")
    AuthorProfile = old.get_model("posts", "AuthorProfile")
    writer = User.objects.create(username="old-writer", is_staff=True)
    photo = default_storage.save("posts/2024/05/lunge.jpg", ContentFile(jpeg_with_gps()))
    png = io.BytesIO()
    PILImage.new("RGB", (200, 200), "#1f5f5b").save(png, "PNG")
    portrait = default_storage.save("authors/maya.png", ContentFile(png.getvalue()))
    post = Post.objects.create(
        title="Old post", slug="old-post", author=writer, body="<p>x</p>", featured_image=photo,
        featured_image_alt="A lunge", featured_image_caption="From 2024",
    )  # fmt: skip
    broken = Post.objects.create(
        title="Broken", slug="broken", author=writer, body="<p>x</p>", featured_image="posts/gone.jpg"
    )
    AuthorProfile.objects.create(user=writer, slug="maya", display_name="Maya", photo=portrait, photo_alt="")

    new = migrate_to(AFTER)
    Image = new.get_model("posts", "Image")
    moved = new.get_model("posts", "Post").objects.get(pk=post.pk)
    image = Image.objects.get(pk=moved.featured_image_id)
    assert (image.alt, image.caption, image.title) == ("A lunge", "From 2024", "Old post")
    assert (image.width, image.height) == (800, 1200)
    with default_storage.open(image.file.name) as handle:
        assert not PILImage.open(handle).getexif()
    assert {r["width"] for r in image.renditions} == {480, 800}
    assert new.get_model("posts", "Post").objects.get(pk=broken.pk).featured_image_id is None
    profile = new.get_model("posts", "AuthorProfile").objects.get(slug="maya")
    assert Image.objects.get(pk=profile.photo_id).alt == "Image for “Maya”"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
