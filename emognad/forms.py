from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.throttle import (
    LOGIN_BY_ACCOUNT_AND_ADDRESS,
    LOGIN_BY_ADDRESS,
    client_address,
    pair,
    wait_text,
)

THROTTLED_MESSAGE = _(
    "För många misslyckade inloggningar. Vänta %(wait)s och försök igen, "
    "eller välj ”Glömt lösenordet?” för att få ett nytt."
)


class ThrottledSignIn:
    """Wrong passwords slow down the account *from that address* (a wait that doubles with
    each failure) and, past 30, the address; a right password from anywhere else always
    gets in. While a wait lasts no password is tried at all (code "throttled", which the
    views answer with 429). Mixed into Django's AuthenticationForm and the admin's."""

    def clean(self) -> dict:
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()
        address = client_address(self.request) if self.request else ""
        subject = pair(username, address)
        wait = LOGIN_BY_ACCOUNT_AND_ADDRESS.wait_seconds(subject)
        if not wait and LOGIN_BY_ADDRESS.blocked(address):
            wait = LOGIN_BY_ADDRESS.window_seconds
        if wait:
            raise ValidationError(
                THROTTLED_MESSAGE, code="throttled", params={"wait": wait_text(wait)}
            )
        try:
            cleaned_data = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                LOGIN_BY_ACCOUNT_AND_ADDRESS.fail(subject)
                LOGIN_BY_ADDRESS.count(address)
            raise
        LOGIN_BY_ACCOUNT_AND_ADDRESS.forget(subject)
        return cleaned_data


class LoginForm(ThrottledSignIn, AuthenticationForm):
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
