from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from notifications.mail import sending_backend
from notifications.queue import schedules_ensure


class Command(BaseCommand):
    help = "The background worker: sends queued mail and runs the periodic jobs (django-q2's qcluster)."

    def handle(self, *args, **options):
        if settings.MAIL_QUEUE:
            sending_backend()  # refuses to start when mail would only be queued again
        schedules_ensure()
        call_command("qcluster")
