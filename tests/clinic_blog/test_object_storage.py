"""Uploads go through Django's storage API, so S3-compatible object storage is a settings change.

Tested against moto's S3 server on loopback, never the internet.
"""

import io
import json
import subprocess
import sys
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from tests.factories import PostFactory
from tests.loopback.s3 import LoopbackS3

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3():
    server = LoopbackS3().start()
    yield server
    server.stop()


@pytest.fixture
def bucket(s3, settings, request):
    name = s3.create_bucket(f"media-{request.node.name[:30].replace('_', '-').lower()}")
    options = {
        "bucket_name": name,
        "endpoint_url": s3.endpoint,
        "region_name": "eu-west-2",
        "access_key": "loopback-access-key",
        "secret_key": "loopback-secret-key",
        "querystring_auth": False,
        "file_overwrite": False,
        "default_acl": None,
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    return name


def jpeg(width=640, height=400):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 90)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_an_upload_and_its_renditions_are_stored_in_the_bucket_and_served_from_it(s3, bucket):
    from posts.media.services import image_create

    image = image_create(file=ContentFile(jpeg(1200, 800), name="pelvis.jpg"), alt="The pelvis from the front")
    post = PostFactory(featured_image=image)

    keys = {item["Key"] for item in s3.client().list_objects_v2(Bucket=bucket)["Contents"]}
    assert image.file.name in keys
    renditions = [rendition["name"] for rendition in image.renditions]
    assert renditions and set(renditions) <= keys, "renditions are made once, at upload, into the bucket"
    stored = s3.client().get_object(Bucket=bucket, Key=renditions[0])
    assert stored["CacheControl"] == "public, max-age=31536000, immutable"

    page = PostFactory._meta.model.objects.get(pk=post.pk).featured_image
    assert page.url.startswith(s3.endpoint) and "Signature" not in page.url, "public, unsigned URLs"
    assert page.srcset.count(s3.endpoint) == len(image.fallback_renditions)
    with urllib.request.urlopen(page.url, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("image/")
        assert len(response.read()) > 1000


def test_a_name_is_never_overwritten(bucket):
    first = default_storage.save("posts/same.jpg", ContentFile(b"one"))
    second = default_storage.save("posts/same.jpg", ContentFile(b"two"))
    assert first != second, "a cached URL must never start serving other bytes"
    assert default_storage.open(first).read() == b"one"


def test_the_environment_switches_media_to_the_bucket():
    code = (
        "import django, os, json;"
        "os.environ.update(MEDIA_S3_BUCKET='clinic-media', MEDIA_S3_ENDPOINT_URL='http://127.0.0.1:9000',"
        "MEDIA_S3_CUSTOM_DOMAIN='media.example.org');"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'clinic_blog.settings_test'; django.setup();"
        "from django.conf import settings as s;"
        "print(json.dumps([s.STORAGES['default'], s.SERVE_MEDIA]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    storage, serve_media = json.loads(out)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "clinic-media"
    assert storage["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    assert storage["OPTIONS"]["custom_domain"] == "media.example.org"
    assert serve_media is False, "Django stops serving /media/ once a bucket holds the files"


def test_the_wordpress_import_stores_its_images_in_the_bucket(s3, bucket, tmp_path):
    """The import's media go through the same pipeline and storage: the body points at the bucket."""
    from django.core.management import call_command

    from posts.models import Image as LibraryImage
    from posts.models import Post
    from tests.conftest import role_group
    from tests.posts.media.hostile import jpeg_with_gps
    from tests.posts.wordpress.conftest import SITE

    role_group("Authors")
    uploads = tmp_path / "uploads" / "2016" / "05"
    uploads.mkdir(parents=True)
    (uploads / "psoas-diagram.jpg").write_bytes(jpeg_with_gps(width=640, height=427, orientation=1))
    call_command("import_wordpress", str(SITE), "--media-dir", str(tmp_path / "uploads"), stdout=io.StringIO())

    image = LibraryImage.objects.get()
    keys = {item["Key"] for item in s3.client().list_objects_v2(Bucket=bucket)["Contents"]}
    assert image.file.name in keys and {rendition["name"] for rendition in image.renditions} <= keys
    bodies = " ".join(Post.objects.values_list("body", flat=True))
    assert image.url.startswith(s3.endpoint) and s3.endpoint in bodies and "/wp-content/uploads/" not in bodies


def test_a_post_keeps_an_image_from_the_bucket_in_its_body(bucket):
    """The body's allowlist knows the bucket's address even when MEDIA_URL still says /media/."""
    from posts.media.services import image_create

    image = image_create(file=ContentFile(jpeg(), name="knee.jpg"), alt="The knee from the side")
    post = PostFactory(body=f'<p>See:</p><img src="{image.url}" alt="The knee from the side">')
    assert f'src="{image.url}"' in type(post).objects.get(pk=post.pk).body
    offsite = PostFactory(body='<img src="https://elsewhere.example/knee.jpg" alt="A knee">')
    assert "elsewhere.example" not in type(offsite).objects.get(pk=offsite.pk).body
