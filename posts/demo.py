"""Demo content in the team's own words: ``python manage.py load_demo``.

Idempotent: every object is found by its slug or username and brought back to the
text below, so a second run changes nothing. Other apps add their demo content
(comment threads, the library) by listening to ``demo_content_loaded``.
"""

import datetime
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from .demo_library import load_library
from .media.services import image_create
from .models import AuthorProfile, Category, Page, Post, Reference

demo_content_loaded = Signal()  # sent with clinician=<User>

DEMO_ACCOUNTS = {
    # username: (password, first name, last name, email, is_staff, is_superuser, role group)
    "clinician": ("clinician-demo-2026", "Maya", "Lindqvist", "clinician@example.org", True, False, "Authors"),
    "moderator": ("moderator-demo-2026", "Sam", "Okoro", "moderator@example.org", True, False, "Moderators"),
    "reader": ("reader-demo-2026", "Jo", "Reader", "reader@example.org", False, False, None),
    # The operator: a superuser for settings, accounts and everything the roles leave out.
    "operator": ("operator-demo-2026", "Ola", "Operator", "operator@example.org", True, True, None),
}

ILIOPSOAS_BODY = """
<p>Tight hips after a day at a desk, a click at the front of the hip when you lift your leg,
a low back that aches when you stand up straight: in my clinic these very often lead to the
same place. It sits deep in the belly and the front of the hip, most people have never
touched it, and it is hard to spell. Meet the iliopsoas.</p>

<h2>Two muscles that share one tendon</h2>
<p>The iliopsoas is a muscle group made of two muscles that join low down and work as one:</p>
<ul>
<li><strong>Psoas major</strong> (say “SO-as”: the p is silent) starts on the sides of the
vertebrae from T12 down to L5, at the bottom of the rib cage down through the whole lumbar spine.</li>
<li><strong>Iliacus</strong> fills the bowl on the inside of the pelvis, the iliac fossa.</li>
</ul>
<p>Both run down and forward over the rim of the pelvis and end on one common tendon that
attaches to the <strong>lesser trochanter</strong>, a small bony knob on the inner back of
the upper thigh bone (femur).</p>

<h2>What it does</h2>
<p>The iliopsoas is the strongest flexor of the hip: it lifts the knee towards the chest,
and, when the legs are fixed, it pulls the trunk forward over the thighs, as in a sit-up.
Just as important is what it does while you stand and walk: it steadies the lumbar spine
and the pelvis, so that the trunk stays upright over the legs.</p>

<h2>Why it causes trouble</h2>
<p>Hours of sitting hold the hip bent, and a muscle kept short for most of the day stops
lengthening comfortably. A short, tight iliopsoas tips the pelvis forward (an anterior
pelvic tilt), which increases the hollow of the low back and changes how load passes
through the hips and knees. A weak one lets the trunk sag instead. Either way, these are the
problems it is most often behind:</p>
<ul>
<li><strong>Snapping hip</strong>: the tendon flicks over a bony ridge at the front of the
hip with a click or a clunk, usually as the leg comes down from a raised position.</li>
<li><strong>Iliopsoas bursitis</strong>: the small fluid-filled cushion under the tendon
gets irritated, with pain deep in the groin.</li>
<li><strong>Iliopsoas syndrome</strong>: pain in the groin and front of the thigh,
worse when lifting the leg, often with the bursa and tendon both involved.</li>
<li><strong>Low back pain</strong> and <strong>knee pain</strong> that come from the tilted
pelvis rather than from the back or the knee themselves.</li>
</ul>

<h2>What helps</h2>
<p>First, sit less and in shorter spells: stand up every half hour, and walk for a few
minutes. Then give the muscle both length and strength. Warm up before you stretch, move
slowly, and stop if you feel sharp pain or pins and needles. These are the exercises I
give most often:</p>
<ol>
<li><strong>Hanging leg raise</strong>: strengthens the hip flexors through their full range.</li>
<li><strong>Abdominal soft-tissue release with a ball</strong>: slow, gentle pressure beside
the navel, never on a pulse, while you breathe out.</li>
<li><strong>Warrior one</strong>, <strong>triangle</strong> and <strong>extended side angle</strong>:
standing yoga poses that lengthen the front of the back hip.</li>
<li><strong>Boat</strong>: holds the hip flexors and the deep trunk muscles working together.</li>
<li><strong>Pigeon</strong>: opens the hip on both sides of the joint.</li>
<li><strong>Leg swings</strong>, forward and sideways: a dynamic warm-up before running or sport.</li>
</ol>

<h2>When to see someone</h2>
<p>See a clinician if the pain started with a fall or a sudden pop, wakes you at night, comes
with fever or unexplained weight loss, or has not eased after a few weeks of sensible
exercise. A deep ache in the groin has many causes, and some of them need a proper
examination rather than a stretch.</p>
"""

POSTS = [
    {
        "slug": "its-the-iliopsoas-stupid",
        "title": "It’s the iliopsoas, stupid!",
        "excerpt": "The deep hip flexor most people cannot spell is behind a surprising share of "
        "hip, groin, back and knee complaints. What it is, what goes wrong, and what helps.",
        "body": ILIOPSOAS_BODY,
        "days_ago": 3,
        "categories": ["anatomy", "hip-and-pelvis"],
        "tags": ["iliopsoas", "hip flexors", "low back pain", "yoga"],
        "references": [
            {
                "citation": "Standring S (ed). Gray’s Anatomy: The Anatomical Basis of Clinical Practice. "
                "42nd ed. Elsevier, 2020.",
            },
            {
                "citation": "Anderson CN. Iliopsoas: pathology, diagnosis, and treatment. "
                "Clinics in Sports Medicine. 2016;35(3):419-433.",
                "doi": "10.1016/j.csm.2016.02.009",
                "pubmed_id": "27343394",
            },
        ],
    },
    {
        "slug": "warm-up-before-you-stretch",
        "title": "Warm up before you stretch",
        "excerpt": "Cold muscles do not lengthen well. Five minutes of movement first makes every "
        "stretch safer and more useful.",
        "body": "<p>A stretch works best on a muscle that is already warm. Five minutes of brisk "
        "walking, easy cycling or leg swings raises the temperature of the tissues and makes "
        "them more willing to lengthen.</p><h2>A simple routine</h2><p>Walk briskly for two "
        "minutes, then do ten forward and ten sideways leg swings on each side, then ten slow "
        "bodyweight squats. Only then hold your stretches, for about thirty seconds each, "
        "breathing slowly.</p><h2>What a stretch should feel like</h2><p>A stretch should feel "
        "like a strong pull, never a sharp pain. If you feel tingling or numbness, ease off: "
        "nerves do not like being stretched.</p>",
        "days_ago": 10,
        "categories": ["exercise"],
        "tags": ["warm-up", "stretching"],
    },
    {
        "slug": "sitting-less-at-work",
        "title": "Sitting less at work, without changing jobs",
        "excerpt": "Small, regular breaks from the chair matter more than the perfect chair.",
        "body": "<p>No chair is good enough to sit in for eight hours. What helps the hips and the "
        "back most is changing position often.</p><h2>Three habits</h2><ul><li>Stand up every "
        "thirty minutes, even for one minute.</li><li>Take phone calls standing or walking.</li>"
        "<li>Put the printer or the water jug a short walk away.</li></ul><p>These breaks give the "
        "hip flexors a chance to lengthen again before they settle into a short position.</p>",
        "days_ago": 21,
        "categories": ["everyday-health"],
        "tags": ["sitting", "hip flexors", "low back pain"],
    },
]

CATEGORIES = {
    "anatomy": ("Anatomy", "How the body is built, one structure at a time."),
    "hip-and-pelvis": ("Hip and pelvis", "The joints, muscles and problems around the hip."),
    "exercise": ("Exercise", "How to move, stretch and strengthen well."),
    "everyday-health": ("Everyday health", "Small habits that spare your joints."),
}

PAGES = [
    {
        "slug": "about",
        "title": "About the clinician",
        "menu_order": 1,
        "body": "<p>Maya Lindqvist is a chartered physiotherapist with a master’s degree in sports "
        "and exercise medicine. She has treated hip, back and knee problems for fifteen years, in "
        "hospital and in private practice, and teaches yoga-based rehabilitation classes.</p>"
        "<h2>Credentials</h2><ul><li>BSc (Hons) Physiotherapy</li><li>MSc Sports and Exercise "
        "Medicine</li><li>Member of the Chartered Society of Physiotherapy; registered with the "
        "Health and Care Professions Council</li></ul><h2>The clinic</h2><p>Riverside Movement "
        "Clinic, 12 Mill Lane, Cambridge CB2 1RX. Monday to Friday, 8:00 to 18:00.</p>"
        '<p><a href="https://booking.example.org/riverside">Book an appointment</a></p>',
    },
    {
        "slug": "contact",
        "title": "Contact",
        "menu_order": 2,
        "body": "<p>For appointments, use the booking link on the About page or call the clinic on "
        "01223 000 000. For questions about a post, leave a comment under it: others may have the "
        'same question. For anything else, write to <a href="mailto:clinic@example.org">'
        "clinic@example.org</a>.</p><p>We cannot give personal medical advice by email or in "
        "comments.</p>",
    },
    {
        "slug": "privacy",
        "title": "Privacy policy",
        "menu_order": 3,
        "in_header": False,
        "body": "<p>This site loads nothing from other companies: no trackers, no advertising, no "
        "fonts or scripts from elsewhere.</p><h2>Comments</h2><p>When you comment we store your "
        "name, your email address (never shown) and, for spam control, your IP address for at "
        "most 30 days. You can ask us to show you or erase your comments at any time.</p>"
        "<h2>Accounts</h2><p>If you log in with a social account we copy your display name and "
        "picture to this site so that your browser never contacts the provider when you read.</p>",
    },
]


def _demo_image():
    """A calm, abstract illustration drawn with Pillow (no binary files in the repo)."""
    from PIL import Image, ImageDraw

    width, height = 1200, 630
    image = Image.new("RGB", (width, height), "#e6f0ee")
    draw = ImageDraw.Draw(image)
    for i in range(height):
        shade = int(230 - 40 * i / height)
        draw.line([(0, i), (width, i)], fill=(shade - 10, shade + 8, shade + 2))
    # A stylised pelvis and the two muscles converging on the thigh bone.
    draw.ellipse([380, 120, 820, 420], outline="#1f5f5b", width=10)
    draw.line([(600, 60), (600, 300)], fill="#f4efe6", width=28)
    for x0 in (470, 730):
        draw.line([(x0, 200), (600 + (x0 - 600) // 4, 470)], fill="#c26a4a", width=22)
    draw.line([(600, 470), (640, 600)], fill="#f4efe6", width=34)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return ContentFile(buffer.getvalue(), name="iliopsoas.jpg")


def _demo_portrait():
    """A plain initials portrait for the demo clinician, drawn with Pillow."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (320, 320), "#1f5f5b")
    draw = ImageDraw.Draw(image)
    draw.ellipse([40, 40, 280, 280], fill="#e6f0ee")
    font = ImageFont.load_default(size=110)
    draw.text((160, 165), "ML", fill="#1f5f5b", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name="maya-lindqvist.png")


def ensure_demo_accounts(stdout=None):
    """Demo logins; the command calls this only when DEBUG is on."""
    User = get_user_model()
    users = {}
    for username, (password, first, last, email, staff, superuser, role) in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": email,
                "is_staff": staff,
                "is_superuser": superuser,
            },
        )
        if created or not user.has_usable_password() or user.is_superuser != superuser:
            # Earlier demos made the clinician a superuser; the roles now say what each may do.
            user.set_password(password)
            user.is_superuser = superuser
            user.save()
        if role:
            group = Group.objects.filter(name=role).first()
            if group is not None:
                user.groups.add(group)
        users[username] = user
    return users


@transaction.atomic
def load_content(*, clinician=None):
    """Write the demo posts, pages and categories; return the clinician who wrote them."""
    User = get_user_model()
    if clinician is None:
        clinician, _ = User.objects.get_or_create(
            username="clinician",
            defaults={"first_name": "Maya", "last_name": "Lindqvist", "email": "clinician@example.org"},
        )
        if not clinician.password:
            clinician.set_unusable_password()
            clinician.save(update_fields=["password"])
    profile, _ = AuthorProfile.objects.update_or_create(
        user=clinician,
        defaults={
            "slug": "maya-lindqvist",
            "display_name": "Maya Lindqvist",
            "credentials": "Chartered physiotherapist, MSc Sports and Exercise Medicine",
            "bio": "<p>Maya treats hip, back and knee problems at Riverside Movement Clinic and "
            "writes here to explain, in plain words, what she explains every day in the clinic.</p>",
            "booking_url": "https://booking.example.org/riverside",
        },
    )
    if not profile.photo_id:
        profile.photo = image_create(
            file=_demo_portrait(),
            alt="Portrait placeholder with the initials of Maya Lindqvist",
            title="Maya Lindqvist, portrait",
            uploaded_by=clinician,
            reuse_existing=True,
        )
        profile.save(update_fields=["photo"])
    categories = {
        slug: Category.objects.update_or_create(slug=slug, defaults={"name": name, "description": text})[0]
        for slug, (name, text) in CATEGORIES.items()
    }
    now = timezone.now()
    for data in POSTS:
        post = Post.objects.filter(slug=data["slug"]).first()
        if post is None:
            published_at = (now - datetime.timedelta(days=data["days_ago"])).replace(microsecond=0)
            post = Post(slug=data["slug"], published_at=published_at, last_reviewed=published_at.date())
        post.title, post.excerpt, post.body = data["title"], data["excerpt"], data["body"].strip()
        post.author, post.reviewed_by, post.status = clinician, clinician, Post.Status.PUBLISHED
        if data["slug"] == "its-the-iliopsoas-stupid" and not post.featured_image_id:
            post.featured_image = image_create(
                file=_demo_image(),
                alt="Drawing of the pelvis seen from the front, with two muscles running from the "
                "spine and the pelvis down to the top of the thigh bone.",
                caption="Psoas major and iliacus meet on one tendon at the lesser trochanter.",
                title="Iliopsoas, front view",
                uploaded_by=clinician,
                reuse_existing=True,
            )
        post.save()
        post.categories.set([categories[slug] for slug in data["categories"]])
        post.tags.set(data["tags"])
        refs = data.get("references", [])
        for order, ref in enumerate(refs, start=1):
            defaults = {"citation": ref["citation"], "doi": ref.get("doi", ""), "pubmed_id": ref.get("pubmed_id", "")}
            Reference.objects.update_or_create(
                content_type=ContentType.objects.get_for_model(Post), object_id=post.pk, order=order, defaults=defaults
            )
        post.references.filter(order__gt=len(refs)).delete()
    for data in PAGES:
        Page.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "body": data["body"],
                "menu_order": data["menu_order"],
                "in_header": data.get("in_header", True),
            },
        )
    load_library(clinician=clinician)
    demo_content_loaded.send(sender=load_content, clinician=clinician)
    return clinician
