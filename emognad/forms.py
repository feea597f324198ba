from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Users sign in with their e-mail address, which is their username."""

    username = forms.CharField(
        label=_("E-postadress"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Fel e-postadress eller lösenord. Lösenordet skiljer på stora och små bokstäver."
        ),
        "inactive": _("Kontot är avstängt. Kontakta den nationella handläggaren."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()
