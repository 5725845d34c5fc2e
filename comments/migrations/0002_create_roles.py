"""The staff roles: Authors (content, and the comments on their own posts) and Moderators (comments only)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

QUEUE_MODELS = ("comment", "pendingcomment", "spamcomment", "flaggedcomment")


def forward(apps, schema_editor):
    # Permissions are normally created after the last migration; make them exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    create_roles(apps)


def create_roles(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    queue = Permission.objects.filter(
        content_type__app_label="comments",
        codename__in=[f"{action}_{model}" for model in QUEUE_MODELS for action in ("view", "change")],
    )
    moderate = Permission.objects.filter(content_type__app_label="django_comments", codename="can_moderate")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(*queue, *moderate)

    content = Permission.objects.filter(content_type__app_label="posts", codename__regex=r"^(add|change|delete|view)_")
    authors, _ = Group.objects.get_or_create(name="Authors")
    authors.permissions.add(*content, *queue)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_add_comments_avatars_and_outbox"),
        ("posts", "0003_seed_exercise_goals"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, reverse_code=migrations.RunPython.noop)]
