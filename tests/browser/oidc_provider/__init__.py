"""A tiny second Django project: an OpenID Connect provider (allauth.idp.oidc) for the browser test.

``serve.py`` runs it on loopback as a subprocess; the blog signs in through it for real.
"""
