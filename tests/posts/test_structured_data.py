import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from PIL import Image

from posts.models import Reference
from posts.templatetags.clinic_library import ld_json_script
from tests.factories import AuthorProfileFactory, PostExerciseFactory

pytestmark = pytest.mark.django_db


def json_ld(response):
    """The page's JSON-LD graph as {@type: node}; exactly one ld+json script per page."""
    scripts = BeautifulSoup(response.content, "html.parser").find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


def assert_medical_web_page(page, url, entity, reviewed=True):
    assert page["@id"] == page["url"] == f"http://testserver{url}"
    assert page["medicalAudience"] == {"@type": "Patient"}
    assert page["mainEntity"] == {"@id": entity["@id"]}
    if reviewed:
        assert page["lastReviewed"]
        assert page["reviewedBy"]["@type"] == "Person"


def test_muscle_page(client, library, clinician):
    AuthorProfileFactory(user=clinician, display_name="Maya Lindqvist", credentials="Physiotherapist")
    Reference.objects.create(content_object=library.iliopsoas, citation="Gray’s Anatomy.", doi="10.1000/xyz")
    graph = json_ld(client.get("/anatomy/iliopsoas/"))
    muscle = graph["Muscle"]
    assert_medical_web_page(graph["MedicalWebPage"], "/anatomy/iliopsoas/", muscle)
    assert muscle["name"] == "Iliopsoas"
    assert muscle["alternateName"] == ["psoas", "hip flexors"]
    assert muscle["muscleAction"] == ["Bends the hip", "Steadies the lumbar spine"]
    assert muscle["insertion"] == {"@type": "AnatomicalStructure", "name": "Lesser trochanter of the femur"}
    assert muscle["nerve"] == {"@type": "Nerve", "name": "Femoral nerve and lumbar plexus (L1–L3)"}
    assert muscle["antagonist"] == [
        {"@type": "Muscle", "name": "Gluteus maximus", "url": "http://testserver/anatomy/gluteus-maximus/"}
    ]
    assert [part["name"] for part in muscle["subStructure"]] == ["Iliacus", "Psoas major"]
    assert muscle["relatedCondition"][0] == {
        "@type": "MedicalCondition",
        "name": "Snapping hip",
        "url": "http://testserver/conditions/snapping-hip/",
    }
    # schema.org has no Muscle.origin any more: the origin is told in the description.
    assert "origin" not in muscle
    assert "Origin: T12 to L5 and the iliac fossa" in muscle["description"]
    page = graph["MedicalWebPage"]
    assert page["reviewedBy"]["name"] == "Maya Lindqvist"
    assert page["author"]["url"].startswith("http://testserver/posts/author/")
    assert page["citation"] == [
        {"@type": "CreativeWork", "name": "Gray’s Anatomy.", "url": "https://doi.org/10.1000/xyz"}
    ]


def test_bones_are_anatomical_structures_without_muscle_terms(client, library):
    graph = json_ld(client.get("/anatomy/femur/"))
    assert set(graph) == {"MedicalWebPage", "Bone"}
    assert "muscleAction" not in graph["Bone"] and "antagonist" not in graph["Bone"]
    assert graph["Bone"]["bodyLocation"] == "Thigh and knee"


def test_condition_page(client, library):
    graph = json_ld(client.get("/conditions/snapping-hip/"))
    condition = graph["MedicalCondition"]
    assert_medical_web_page(graph["MedicalWebPage"], "/conditions/snapping-hip/", condition)
    assert condition["alternateName"] == ["coxa saltans"]
    assert condition["associatedAnatomy"] == [
        {"@type": "Muscle", "name": "Iliopsoas", "url": "http://testserver/anatomy/iliopsoas/"}
    ]
    assert condition["signOrSymptom"] == [
        {"@type": "MedicalSymptom", "name": "An ache at the front of the hip"},
        {"@type": "MedicalSymptom", "name": "Stiffness after sitting"},
    ]
    assert condition["possibleTreatment"] == [
        {"@type": "PhysicalTherapy", "name": "Warrior one", "url": "http://testserver/exercises/warrior-one/"}
    ]


def test_exercise_page(client, library):
    graph = json_ld(client.get("/exercises/warrior-one/"))
    plan = graph["ExercisePlan"]
    assert_medical_web_page(graph["MedicalWebPage"], "/exercises/warrior-one/", plan)
    assert plan["exerciseType"] == ["Stretch", "Strengthen"]
    assert plan["category"] == ["https://schema.org/Flexibility", "https://schema.org/StrengthTraining"]
    assert plan["activityDuration"] == "PT30S"
    assert "repetitions" not in plan  # held, not repeated
    assert {a["name"] for a in plan["associatedAnatomy"]} == {"Iliopsoas", "Gluteus maximus"}
    bridge = json_ld(client.get("/exercises/bridge/"))["ExercisePlan"]
    assert bridge["repetitions"] == 10


def test_post_page_is_a_medical_web_page_about_a_blog_posting(client, post, library, clinician):
    AuthorProfileFactory(user=clinician, display_name="Maya Lindqvist")
    post.reviewed_by, post.last_reviewed = clinician, post.published_at.date()
    post.save()
    post.topics.add(library.iliopsoas)
    post.conditions.add(library.snapping_hip)
    post.tags.add("hip flexors")
    PostExerciseFactory(post=post, exercise=library.warrior)
    Reference.objects.create(content_object=post, citation="Anderson CN. Iliopsoas.", pubmed_id="27343394")
    graph = json_ld(client.get(post.get_absolute_url()))
    posting = graph["BlogPosting"]
    assert_medical_web_page(graph["MedicalWebPage"], post.get_absolute_url(), posting)
    assert graph["MedicalWebPage"]["lastReviewed"] == post.last_reviewed.isoformat()
    assert posting["headline"] == "It’s the iliopsoas, stupid!"
    assert posting["author"]["name"] == "Maya Lindqvist"
    assert posting["datePublished"] == post.published_at.isoformat()
    assert posting["dateModified"]
    assert posting["about"] == [
        {"@type": "Muscle", "name": "Iliopsoas", "url": "http://testserver/anatomy/iliopsoas/"},
        {"@type": "MedicalCondition", "name": "Snapping hip", "url": "http://testserver/conditions/snapping-hip/"},
    ]
    assert posting["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Anderson CN. Iliopsoas.",
            "url": "https://pubmed.ncbi.nlm.nih.gov/27343394/",
        }
    ]
    assert posting["keywords"] == ["hip flexors"]
    assert posting["commentCount"] == 0  # added by the comments app through the template tag


def test_the_post_image_is_in_the_posting(client, post):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#1f5f5b").save(buffer, format="JPEG")
    post.featured_image.save("pelvis.jpg", ContentFile(buffer.getvalue()), save=False)
    post.featured_image_alt = "A drawing of the pelvis"
    post.save()
    posting = json_ld(client.get(post.get_absolute_url()))["BlogPosting"]
    assert posting["image"] == {
        "@type": "ImageObject",
        "url": f"http://testserver{post.featured_image.url}",
        "width": 40,
        "height": 20,
        "caption": "A drawing of the pelvis",
    }


def test_content_cannot_close_the_script_tag(client, library):
    library.iliopsoas.summary = "</script><script>alert(1)</script> & <!--"
    library.iliopsoas.save()
    response = client.get("/anatomy/iliopsoas/")
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(response)["Muscle"]["description"].startswith("</script><script>alert(1)</script> & <!--")


def test_the_script_escapes_what_html_would_read():
    script = ld_json_script({"a": "</script>&<!--"})
    assert script == '<script type="application/ld+json">{"a": "\\u003C/script\\u003E\\u0026\\u003C!--"}</script>'


def test_list_pages_carry_no_entity_json_ld(client, library):
    for url in ("/anatomy/", "/conditions/", "/exercises/"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        assert not soup.find_all("script", type="application/ld+json")


def test_other_apps_can_add_properties_to_the_main_entity(post):
    from django.template import Context, Template

    html = Template("{% load clinic_library %}{% structured_data post commentCount=3 %}").render(
        Context({"post": post})
    )
    data = json.loads(BeautifulSoup(html, "html.parser").script.string)
    assert data["@graph"][1]["@type"] == "BlogPosting"
    assert data["@graph"][1]["commentCount"] == 3
