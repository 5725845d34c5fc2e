from django.core.management.base import BaseCommand

from posts.search.services import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Write the search index again from every published post and library entry "
        "(after a bulk import that bypassed save(), or a restore)."
    )

    def handle(self, *args, **options):
        count = search_index_rebuild()
        self.stdout.write(f"Indexed {count} pages.")
