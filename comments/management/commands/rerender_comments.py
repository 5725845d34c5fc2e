from django.core.management.base import BaseCommand

from comments.services import comments_rerender


class Command(BaseCommand):
    help = "Render every comment's stored HTML again (run after changing COMMENTS_GRAVATAR or TIME_ZONE)."

    def handle(self, *args, **options):
        count = comments_rerender()
        self.stdout.write(f"Rendered {count} comment{'s' if count != 1 else ''} again.")
