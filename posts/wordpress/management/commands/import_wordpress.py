"""``manage.py import_wordpress export.xml [--media-dir DIR] [--author-map old=new …] [--dry-run]``."""

import time

from django.core.management.base import BaseCommand, CommandError

from posts.wordpress.parser import WXRError
from posts.wordpress.run import OUTCOMES, ImportRefused
from posts.wordpress.services import wordpress_import


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export → All content): authors, categories, tags, posts, "
        "pages, comments and images, with redirects from the old addresses. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="the WXR file WordPress wrote (.xml)")
        parser.add_argument(
            "--media-dir",
            help="a copy of the site's wp-content/uploads folder; images are looked up there by their "
            "upload path (2016/05/photo.jpg), never downloaded",
        )
        parser.add_argument(
            "--author-map",
            nargs="+",
            default=[],
            metavar="OLD=NEW",
            help="use an existing account for a WordPress login (e.g. maya=clinician)",
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")

    def handle(self, *args, export, media_dir=None, author_map=(), dry_run=False, **options):
        self._last_line = ("", True)
        started = time.monotonic()
        try:
            report = wordpress_import(
                path=export, media_dir=media_dir, author_map=author_map, dry_run=dry_run, progress=self.progress
            )
        except (WXRError, ImportRefused) as exc:
            raise CommandError(f"{export}: {exc}. Nothing was imported.") from exc
        except Exception as exc:  # rolled back already; one line here, the rest with --traceback
            raise CommandError(
                f"{export}: the import stopped ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}). "
                "Nothing was imported; run again with --traceback for the details."
            ) from exc
        self.finish_progress()
        self.summary(report, time.monotonic() - started)

    def progress(self, step, done, total):
        """One line that updates in place on a terminal; every tenth otherwise (logs stay short)."""
        if not total:
            return
        tty = self.stdout.isatty()
        tenth = max(total // 10, 1)
        if not tty and done % tenth and done != total:
            return
        width = 30
        filled = width * done // total
        line = f"{step:<12} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        if tty:
            self.stdout.write("\r" + line, ending="")
            self.stdout.flush()
            self._last_line = (step, done == total)
            if done == total:
                self.stdout.write("")
        else:
            self.stdout.write(line)

    def finish_progress(self):
        step, finished = self._last_line
        if step and not finished:
            self.stdout.write("")

    def summary(self, report, seconds):
        heading = "Dry run: nothing was written. It would have done:" if report.dry_run else "Imported:"
        self.stdout.write(self.style.MIGRATE_HEADING(heading))
        self.stdout.write(f"  {'':<12}" + "".join(f"{o:>10}" for o in OUTCOMES))
        for kind, *numbers in report.rows():
            self.stdout.write(f"  {kind:<12}" + "".join(f"{n:>10}" for n in numbers))
        if report.notes:
            self.stdout.write(self.style.MIGRATE_HEADING("Notes:"))
            for note, n in sorted(report.notes.items()):
                self.stdout.write(f"  {n:>6}  {note}")
        if report.missing_files:
            self.stdout.write(
                self.style.WARNING(f"Files not found under --media-dir ({len(report.missing_files)}), not imported:")
            )
            for name in report.missing_files:
                self.stdout.write(f"  {name}")
        if report.warnings:
            self.stdout.write(self.style.WARNING(f"Warnings ({len(report.warnings)}):"))
            for warning in report.warnings:
                self.stdout.write(f"  - {warning}")
        self.stdout.write(f"Done in {seconds:.1f} s.")
