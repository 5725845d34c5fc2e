"""WSGI entry point: ``gunicorn clinic_blog.wsgi`` (see gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_blog.settings")

application = get_wsgi_application()
