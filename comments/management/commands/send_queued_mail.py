import logging
import signal
import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.module_loading import import_string

from comments.mail import deliver_due, purge_sent
from posts.reviews.services import review_reminders_send

logger = logging.getLogger("comments.mail")


class Command(BaseCommand):
    help = "Send the email queued in the outbox; with --loop, keep doing so (the mail worker)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Run until stopped (SIGTERM or Ctrl-C).")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between polls when idle.")
        parser.add_argument("--batch", type=int, default=50, help="Messages per transaction.")

    def handle(self, *args, loop=False, interval=5.0, batch=50, **options):
        backend = getattr(settings, "MAIL_OUTBOX_BACKEND", "")
        if not backend or backend == "comments.mail.OutboxEmailBackend":
            raise ImproperlyConfigured("MAIL_OUTBOX_BACKEND must be a real email backend (it comes from EMAIL_URL).")
        self.stopping = False
        if loop:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
            logger.info("Mail worker started: sending with %s every %ss", backend, interval)
        steps = [import_string(path) for path in getattr(settings, "MAIL_WORKER_STEPS", [])]
        total_sent = total_failed = 0
        last_purge = None  # the hourly steps run first thing, then every hour
        while True:
            if loop:
                close_old_connections()  # a long-running worker must not hold a dead connection
            self.run_steps(steps)
            sent, failed = deliver_due(batch=batch)
            total_sent, total_failed = total_sent + sent, total_failed + failed
            if last_purge is None or time.monotonic() - last_purge > 3600:
                purge_sent()
                # Hourly too: authors hear once when a post or library entry passes its review date.
                review_reminders_send()
                last_purge = time.monotonic()
            if not loop:
                if sent + failed < batch:
                    break
                continue
            if self.stopping:
                break
            if sent + failed == 0:
                time.sleep(interval)
        self.stdout.write(f"Sent {total_sent}, failed {total_failed} (failed ones are retried later).")

    def run_steps(self, steps):
        """The other background work (MAIL_WORKER_STEPS), before the outbox so its mail goes out this turn."""
        for step in steps:
            try:
                step()
            except Exception:  # one failing step must not stop the mail
                logger.exception("Worker step %s failed; it runs again on the next turn", step.__qualname__)

    def stop(self, *args):
        self.stopping = True
