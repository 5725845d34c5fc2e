"""Run the loopback OpenID Connect provider: ``python -m tests.browser.oidc_provider.serve PORT``.

Environment: OIDC_PROVIDER_DB (an SQLite path), OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
OIDC_REDIRECT_URI, OIDC_USER, OIDC_PASSWORD, OIDC_EMAIL, OIDC_NAME. Prints READY when it
answers.
"""

import os
import sys


def main(port):
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.browser.oidc_provider.settings"
    os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")  # plain HTTP on loopback
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from allauth.idp.oidc.models import Client
    from django.contrib.auth import get_user_model
    from django.contrib.sites.models import Site
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0, interactive=False)
    Site.objects.update_or_create(pk=1, defaults={"domain": f"localhost:{port}", "name": "Loopback ID"})
    first, _, last = os.environ["OIDC_NAME"].partition(" ")
    user = get_user_model().objects.create(
        username=os.environ["OIDC_USER"], email=os.environ["OIDC_EMAIL"], first_name=first, last_name=last
    )
    user.set_password(os.environ["OIDC_PASSWORD"])
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client(
        id=os.environ["OIDC_CLIENT_ID"],
        name="Clinic Blog",
        scopes="openid\nprofile\nemail",
        redirect_uris=os.environ["OIDC_REDIRECT_URI"],
    )
    client.set_secret(os.environ["OIDC_CLIENT_SECRET"])
    client.save()
    print("READY", flush=True)
    run("127.0.0.1", port, get_wsgi_application(), threading=True, server_cls=WSGIServer)


if __name__ == "__main__":
    main(int(sys.argv[1]))
