"""Moving in from WordPress: ``manage.py import_wordpress export.xml`` (see the README)."""
