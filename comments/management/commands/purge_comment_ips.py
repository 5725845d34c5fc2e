from django.core.management.base import BaseCommand

from comments.conf import setting
from comments.services import comment_ips_purge


class Command(BaseCommand):
    help = "Forget commenters' IP addresses older than COMMENTS_IP_RETENTION_DAYS (run it daily)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Keep addresses this many days (default: setting).")

    def handle(self, *args, days=None, **options):
        days = setting("COMMENTS_IP_RETENTION_DAYS") if days is None else days
        purged = comment_ips_purge(days=days)
        self.stdout.write(
            f"Forgot the IP address of {purged} comment{'s' if purged != 1 else ''} older than {days} days."
        )
