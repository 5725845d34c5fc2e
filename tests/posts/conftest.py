from types import SimpleNamespace

import pytest
from django.db import transaction

from posts.demo import load_content
from posts.models import AnatomyTopic, ExerciseTarget
from tests.factories import AnatomyTopicFactory, ConditionFactory, EquipmentFactory, ExerciseFactory, GoalFactory

STRETCHED, STRENGTHENED, MOBILISED = ExerciseTarget.Role.values


@pytest.fixture
def library(db, clinician):
    """A small library around the iliopsoas: a muscle group, its parts, an antagonist, exercises."""
    iliopsoas = AnatomyTopicFactory(
        name="Iliopsoas",
        slug="iliopsoas",
        kind=AnatomyTopic.Kind.MUSCLE_GROUP,
        pronunciation="ILL-ee-oh-SO-as",
        pronunciation_note="the p in psoas is silent",
        aliases="psoas, hip flexors",
        origin="T12 to L5 and the iliac fossa",
        insertion="Lesser trochanter of the femur",
        actions="Bends the hip\nSteadies the lumbar spine",
        innervation="Femoral nerve and lumbar plexus (L1–L3)",
        author=clinician,
        reviewed_by=clinician,
    )
    psoas_major = AnatomyTopicFactory(
        name="Psoas major", slug="psoas-major", parent=iliopsoas, pronunciation="SO-as MAY-jer", author=clinician
    )
    iliacus = AnatomyTopicFactory(name="Iliacus", slug="iliacus", parent=iliopsoas, author=clinician)
    gluteus = AnatomyTopicFactory(name="Gluteus maximus", slug="gluteus-maximus", aliases="glutes", author=clinician)
    femur = AnatomyTopicFactory(
        name="Femur", slug="femur", kind=AnatomyTopic.Kind.BONE, region=AnatomyTopic.Region.THIGH_KNEE
    )
    iliopsoas.antagonists.add(gluteus)
    stretch, strengthen, mobilise = (GoalFactory(slug=s) for s in ("stretch", "strengthen", "mobilise"))
    mat, ball = EquipmentFactory(name="Yoga mat", slug="yoga-mat"), EquipmentFactory(name="Soft ball", slug="soft-ball")
    warrior = ExerciseFactory(
        name="Warrior one",
        slug="warrior-one",
        goals=[stretch, strengthen],
        equipment=[mat],
        targets=[(iliopsoas, STRETCHED), (gluteus, STRENGTHENED)],
        hold_seconds=30,
        reps=None,
        per_side=True,
        author=clinician,
    )
    ball_release = ExerciseFactory(
        name="Ball release",
        slug="ball-release",
        goals=[mobilise],
        equipment=[ball],
        targets=[(psoas_major, MOBILISED)],
        author=clinician,
    )
    bridge = ExerciseFactory(
        name="Bridge", slug="bridge", goals=[strengthen], targets=[(gluteus, STRENGTHENED)], author=clinician
    )
    snapping_hip = ConditionFactory(name="Snapping hip", slug="snapping-hip", aliases="coxa saltans", author=clinician)
    snapping_hip.topics.add(iliopsoas)
    snapping_hip.exercises.add(warrior)
    return SimpleNamespace(
        iliopsoas=iliopsoas,
        psoas_major=psoas_major,
        iliacus=iliacus,
        gluteus=gluteus,
        femur=femur,
        stretch=stretch,
        strengthen=strengthen,
        mobilise=mobilise,
        mat=mat,
        ball=ball,
        warrior=warrior,
        ball_release=ball_release,
        bridge=bridge,
        snapping_hip=snapping_hip,
    )


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """The demo posts and library, written once for a module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_content()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_content, db):
    """The demo content, for one test (whose own writes are rolled back after it)."""
