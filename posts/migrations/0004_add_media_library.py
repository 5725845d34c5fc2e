"""The media library (Image, Video). The old image fields are kept under *_file names until
0005 has moved their files into the library; 0006 drops them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def image_fk(related_name, help_text=""):
    return models.ForeignKey(
        blank=True,
        null=True,
        help_text=help_text,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="posts.image",
    )


class Migration(migrations.Migration):

    dependencies = [
        ("posts", "0003_seed_exercise_goals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Image",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("file", models.FileField(editable=False, max_length=255, upload_to="images/", verbose_name="original")),
                ("title", models.CharField(blank=True, help_text="For finding it in the library.", max_length=200)),
                ("alt", models.CharField(help_text="What the image shows, for readers who cannot see it (a post may say it differently).", max_length=250, verbose_name="alt text")),
                ("caption", models.CharField(blank=True, help_text="Shown under the image, optional.", max_length=300)),
                ("credit", models.CharField(blank=True, help_text="Who made it, if not the clinic.", max_length=200)),
                ("width", models.PositiveIntegerField(editable=False)),
                ("height", models.PositiveIntegerField(editable=False)),
                ("format", models.CharField(editable=False, max_length=8)),
                ("file_size", models.PositiveIntegerField(default=0, editable=False, verbose_name="size in bytes")),
                ("renditions", models.JSONField(default=list, editable=False)),
                ("content_hash", models.CharField(db_index=True, editable=False, max_length=64)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("uploaded_by", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["-created_at", "-pk"]},
        ),
        migrations.CreateModel(
            name="Video",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("file", models.FileField(editable=False, max_length=255, upload_to="videos/")),
                ("title", models.CharField(help_text="What the video shows; readers see it under the player.", max_length=200)),
                ("mime_type", models.CharField(editable=False, max_length=20)),
                ("file_size", models.PositiveBigIntegerField(default=0, editable=False, verbose_name="size in bytes")),
                ("content_hash", models.CharField(db_index=True, editable=False, max_length=64)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("uploaded_by", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["-created_at", "-pk"]},
        ),
        # The old file fields step aside; the library's foreign keys take their names.
        migrations.RenameField("post", "featured_image", "featured_image_file"),
        migrations.RenameField("authorprofile", "photo", "photo_file"),
        migrations.RenameField("anatomytopic", "illustration", "illustration_file"),
        migrations.RenameField("exercise", "image", "image_file"),
        migrations.AddField(
            "post",
            "featured_image",
            image_fk("featured_in_posts", "Shown at the top of the post and in link previews; pick one from the media library or upload one."),
        ),
        migrations.AddField("authorprofile", "photo", image_fk("author_profiles")),
        migrations.AddField("anatomytopic", "illustration", image_fk("illustrated_topics")),
        migrations.AddField("exercise", "image", image_fk("illustrated_exercises")),
        migrations.AlterField(
            model_name="anatomytopic",
            name="illustration_alt",
            field=models.CharField(blank=True, help_text="What the illustration shows, for readers who cannot see it. Left empty, the library's alt text is used.", max_length=250, verbose_name="alt text"),
        ),
        migrations.AlterField(
            model_name="anatomytopic",
            name="illustration_caption",
            field=models.CharField(blank=True, help_text="Left empty, the library's caption is used.", max_length=300, verbose_name="caption"),
        ),
        migrations.AlterField(
            model_name="authorprofile",
            name="photo_alt",
            field=models.CharField(blank=True, help_text="Left empty, the library's alt text is used.", max_length=200),
        ),
        migrations.AlterField(
            model_name="exercise",
            name="image_alt",
            field=models.CharField(blank=True, help_text="Left empty, the library's alt text is used.", max_length=250, verbose_name="alt text"),
        ),
        migrations.AlterField(
            model_name="post",
            name="featured_image_alt",
            field=models.CharField(blank=True, help_text="What the image shows, for readers who cannot see it. Left empty, the library's alt text is used.", max_length=250, verbose_name="alt text"),
        ),
        migrations.AlterField(
            model_name="post",
            name="featured_image_caption",
            field=models.CharField(blank=True, help_text="Optional. Left empty, the library's caption is used.", max_length=300, verbose_name="caption"),
        ),
        migrations.AlterField(
            model_name="post",
            name="seo_description",
            field=models.CharField(blank=True, help_text="For search engines and link previews; about 160 characters are shown.", max_length=300, verbose_name="SEO description"),
        ),
        migrations.AlterField(
            model_name="post",
            name="legacy_url",
            field=models.CharField(blank=True, help_text="The post's address on the old site, if any.", max_length=300, verbose_name="legacy URL"),
        ),
        migrations.AlterField(
            model_name="page",
            name="seo_description",
            field=models.CharField(blank=True, max_length=300, verbose_name="SEO description"),
        ),
        migrations.AlterModelOptions(
            name="post",
            options={"ordering": ["-published_at", "-pk"], "permissions": [("edit_others_posts", "Can edit and delete other authors' posts")]},
        ),
    ]
