from allauth.account.forms import LoginForm
from allauth.socialaccount.forms import SignupForm as SocialSignupForm
from django import forms


class ProviderEmailForm(SocialSignupForm):
    """The one-time step for a provider that gives no email (X): an address for replies, nothing else.

    The name comes from the provider and a username is made up (readers log in with the
    provider, not a password), so only the address is asked for.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("username", "name"):
            self.fields.pop(name, None)
        email = self.fields["email"]
        email.label = "Your email for replies"
        email.help_text = (
            "Never shown to anyone. We use it to tell you about replies you ask for, and send one "
            "link to confirm it is yours."
        )
        email.widget.attrs.update({"autocomplete": "email", "placeholder": ""})

    def signup(self, request, user):
        """Nothing to add: the provider's name is already on the account."""


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand: my account, email addresses, picture, likes and subscriptions go; "
        "my comments stay under the name “former reader”.",
        required=True,
    )


class ReaderLoginForm(LoginForm):
    """allauth's login form with a label that says what to type (the page shows labels, not placeholders)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "Username or email"
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me logged in on this device"
