from django.core.management.base import BaseCommand

from posts.search.services import search_counts_roll_up


class Command(BaseCommand):
    help = (
        "Fold daily search counts older than SEARCH_COUNTS_KEEP_DAYS into one total per query and month. "
        "The task worker already runs this daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep-days", type=int, default=None, help="default: SEARCH_COUNTS_KEEP_DAYS")

    def handle(self, *args, keep_days, **options):
        folded = search_counts_roll_up(keep_days=keep_days)
        self.stdout.write(f"Folded {folded} daily rows into monthly totals.")
