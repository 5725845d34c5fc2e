"""Two canned replies to start from, and who may use them: both roles read them, Authors keep them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CANNED = [
    (
        "Book an assessment",
        "Thank you for asking. Your question needs someone to look at you properly, and a comment is not the "
        "place for your own medical details. Please book an assessment through the booking link on the About "
        "page, and we will go through it together in private.",
    ),
    (
        "See the exercise page",
        "Great question. The exercise page has the steps, what you should feel and when to stop; start gently "
        "and build up over a couple of weeks. If it still hurts after that, book an assessment.",
    ),
]


def forward(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    CannedReply = apps.get_model("comments", "CannedReply")
    for order, (title, text) in enumerate(CANNED, start=1):
        CannedReply.objects.get_or_create(title=title, defaults={"text": text, "order": order})

    def perms(*codenames):
        return Permission.objects.filter(content_type__app_label="comments", codename__in=codenames)

    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(*perms("view_cannedreply", "view_commentedit"))
    for group in Group.objects.filter(name="Authors"):
        group.permissions.add(
            *perms(
                "view_cannedreply",
                "add_cannedreply",
                "change_cannedreply",
                "delete_cannedreply",
                "view_commentedit",
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0004_add_answers_canned_replies_and_edit_record"),
        ("comments", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(forward, reverse_code=migrations.RunPython.noop)]
