"""Form helpers every app's staff pages share: dates typed as dates, fields typed in their script, a service's
refusal shown where it belongs."""

from django import forms

DATE = {"widget": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}


def add_errors(form, error):
    """Show a service's refusal on the form: on its field when the form has one, else above the fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class StaffForm(forms.ModelForm):
    """Arabic fields are typed right to left and French ones left to right, whatever the page's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.endswith("_ar"):
                field.widget.attrs.update(dir="rtl", lang="ar")
            elif name.endswith("_fr"):
                field.widget.attrs.update(dir="ltr", lang="fr")
        first = next(iter(self.fields.values()), None)
        if first is not None and not self.is_bound:
            first.widget.attrs["autofocus"] = True

    def service_kwargs(self):
        """What the write function needs besides the instance (speakers, a new organisation…)."""
        return {}

    def again(self):
        """The query string defaults of the next form after "save and add another"."""
        return {}
