"""The extra field of the local sign-up form (ACCOUNT_SIGNUP_FORM_CLASS).

Kept free of allauth imports: allauth builds its own sign-up form on top of this class.
"""

from django import forms


def clean_reader_name(name):
    name = " ".join((name or "").split())
    if "<" in name or ">" in name:
        raise forms.ValidationError("Please use letters, not HTML, in your name.")
    return name


class ReaderSignupForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=100,
        required=False,
        help_text="Shown with your comments. Leave it empty to use your username.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_name(self):
        return clean_reader_name(self.cleaned_data.get("name"))

    def signup(self, request, user):
        name = self.cleaned_data.get("name") or ""
        if name:
            first, _, last = name.partition(" ")
            user.first_name, user.last_name = first[:150], last[:150]
            user.save(update_fields=["first_name", "last_name"])
