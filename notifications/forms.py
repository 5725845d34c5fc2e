from django import forms


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Your email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "required": True}),
        help_text="One email for each new post, with a one-click unsubscribe link. Never shown or shared.",
    )
    # People never see this field; software that fills in every field does.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("This looked automated.", code="honeypot")
        return ""
