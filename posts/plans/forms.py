"""The plan's forms: adding exercises, and changing one exercise (order, dosage, removal)."""

from django import forms

from .models import DOSAGE_BOUNDS

ACTIONS = [("dosage", "Save dosage"), ("up", "Move up"), ("down", "Move down"), ("remove", "Remove")]
ID_FIELD = {"min_value": 1, "max_value": 2**62}


class AddToPlanForm(forms.Form):
    """One exercise from the library, or a whole post's programme."""

    exercise = forms.IntegerField(required=False, **ID_FIELD)
    post = forms.IntegerField(required=False, **ID_FIELD)
    next = forms.CharField(required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("exercise")) == bool(data.get("post")):
            raise forms.ValidationError("Choose an exercise or a post.")
        return data


def dosage_field(name, label):
    low, high = DOSAGE_BOUNDS[name]
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=False,
        widget=forms.NumberInput(attrs={"min": low, "max": high, "inputmode": "numeric", "class": "plan-number"}),
        error_messages={
            "min_value": f"At least {low}.",
            "max_value": f"At most {high}.",
            "invalid": "A whole number, please.",
        },
    )


class ChangePlanForm(forms.Form):
    exercise = forms.IntegerField(**ID_FIELD)
    action = forms.ChoiceField(choices=ACTIONS)
    sets = dosage_field("sets", "Sets")
    reps = dosage_field("reps", "Repetitions")
    hold_seconds = dosage_field("hold_seconds", "Hold (seconds)")
    times_per_week = dosage_field("times_per_week", "Times a week")

    def clean(self):
        data = super().clean()
        if data.get("action") == "dosage":
            for name in DOSAGE_BOUNDS:
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, "Please fill this in.")
        return data

    def dosage(self):
        return {name: self.cleaned_data[name] for name in DOSAGE_BOUNDS}

    def dosage_fields(self):
        return [self[name] for name in DOSAGE_BOUNDS]
