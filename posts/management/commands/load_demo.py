from django.conf import settings
from django.core.management.base import BaseCommand

from posts.demo import DEMO_ACCOUNTS, ensure_demo_accounts, load_content


class Command(BaseCommand):
    help = "Load the demo content (idempotent). With DEBUG=True also create demo logins."

    def handle(self, *args, **options):
        clinician = None
        if settings.DEBUG:
            clinician = ensure_demo_accounts()["clinician"]
        load_content(clinician=clinician)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        if settings.DEBUG:
            self.stdout.write("Demo logins (DEBUG only) at /admin/ and /accounts/login/:")
            roles = {
                "clinician": "writes posts (Authors)",
                "moderator": "works the comment queue (Moderators)",
                "reader": "reads and comments",
                "operator": "superuser: settings, accounts, everything",
            }
            for username, (password, *_rest) in DEMO_ACCOUNTS.items():
                self.stdout.write(f"  {username:<10} {password:<22} {roles.get(username, '')}")
        else:
            self.stdout.write("DEBUG is off: no demo logins were created.")
