"""The second-step forms: a code from the authenticator app, or a recovery code."""

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        # People copy codes with spaces ("123 456"); recovery codes are lower case.
        return "".join(self.cleaned_data["code"].split()).lower()
