"""The five exercise goals the library filters by; the clinician may rename them later."""

from django.db import migrations

GOALS = [
    ("stretch", "Stretch"),
    ("strengthen", "Strengthen"),
    ("mobilise", "Mobilise / soft tissue"),
    ("stabilise", "Stabilise"),
    ("warm-up", "Warm-up"),
]


def create_goals(apps, schema_editor):
    Goal = apps.get_model("posts", "Goal")
    for order, (slug, name) in enumerate(GOALS, start=1):
        Goal.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


class Migration(migrations.Migration):

    dependencies = [
        ("posts", "0002_add_clinic_library"),
    ]

    operations = [
        migrations.RunPython(create_goals, reverse_code=migrations.RunPython.noop),
    ]
