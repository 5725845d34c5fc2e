from django.db import migrations, models


def guess_who_removed(apps, schema_editor):
    """Comments removed before this field existed: a moderator's carry ``moderated_by`` (or a
    moderator's reason); erased ones say so; the rest were deleted by their author from "My comments"."""
    Comment = apps.get_model("comments", "Comment")
    removed = Comment.objects.filter(state="removed", removed_by="")
    removed.filter(moderation_reason__startswith="erased at its author").update(removed_by="author")
    removed.filter(removed_by="", moderated_by__isnull=False).update(removed_by="moderator")
    removed.filter(removed_by="").update(removed_by="author")


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0009_add_data_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="removed_by",
            field=models.CharField(
                blank=True,
                choices=[("author", "Its author"), ("moderator", "A moderator")],
                db_index=True,
                default="",
                editable=False,
                max_length=10,
            ),
        ),
        migrations.RunPython(guess_who_removed, reverse_code=migrations.RunPython.noop),
    ]
