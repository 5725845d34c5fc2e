from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("posts", "0005_move_images_into_media_library")]

    operations = [
        migrations.RemoveField("post", "featured_image_file"),
        migrations.RemoveField("authorprofile", "photo_file"),
        migrations.RemoveField("anatomytopic", "illustration_file"),
        migrations.RemoveField("exercise", "image_file"),
    ]
