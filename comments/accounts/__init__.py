"""Readers' accounts around django-allauth: sign-up forms, the social buttons, and a reader's own data."""
