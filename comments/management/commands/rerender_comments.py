from django.core.management.base import BaseCommand

from comments.likes.services import likes_rerender
from comments.services import comments_rerender


class Command(BaseCommand):
    help = (
        "Render every comment's stored HTML and every post's like faces again (run once after upgrading "
        "to initials avatars, and after changing COMMENTS_GRAVATAR or TIME_ZONE)."
    )

    def handle(self, *args, **options):
        count = comments_rerender()
        self.stdout.write(f"Rendered {count} comment{'s' if count != 1 else ''} again.")
        posts = likes_rerender()
        self.stdout.write(f"Rendered the likes of {posts} post{'s' if posts != 1 else ''} again.")
