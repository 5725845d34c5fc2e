import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from posts.demo import load_content
from posts.models import Category, Page, Post, Reference

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "posts": list(Post.objects.order_by("pk").values_list("pk", "slug", "title", "body", "published_at")),
        "pages": list(Page.objects.order_by("pk").values_list("pk", "slug", "body")),
        "categories": list(Category.objects.order_by("pk").values_list("pk", "slug")),
        "references": list(Reference.objects.order_by("pk").values_list("pk", "citation")),
    }


def test_demo_content_is_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_content()
    first = snapshot()
    load_content()
    assert snapshot() == first


def test_the_iliopsoas_post_carries_the_facts(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_content()
    post = Post.objects.get(slug="its-the-iliopsoas-stupid")
    text = post.body_html
    for fact in ("Psoas major", "Iliacus", "T12", "L5", "iliac fossa", "lesser trochanter", "Snapping hip"):
        assert fact in text
    for exercise in ("Hanging leg raise", "Warrior one", "Pigeon", "Leg swings", "Boat"):
        assert exercise in text
    assert post.is_public and post.featured_image and post.featured_alt
    assert post.references.count() == 2


def test_command_creates_logins_only_with_debug(settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = False
    call_command("load_demo")
    assert not get_user_model().objects.filter(username="reader").exists()
    assert "no demo logins" in capsys.readouterr().out
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "clinician-demo-2026" in out
    assert get_user_model().objects.get(username="clinician").check_password("clinician-demo-2026")
