from django.core.management.base import BaseCommand

from notifications.queue import run_due


class Command(BaseCommand):
    help = "Run the queued tasks and periodic jobs that are due, once, in this process (ORM broker)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help="At most this many tasks.")

    def handle(self, *args, limit=1000, **options):
        ran = run_due(limit=limit)
        self.stdout.write(f"Ran {ran} task{'s' if ran != 1 else ''}.")
