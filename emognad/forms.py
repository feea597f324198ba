from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from emognad.throttle import LOGIN_BY_ACCOUNT, LOGIN_BY_ADDRESS, client_address
from emognad.validators import one_line


class OneLineField(forms.CharField):
    """A name or a title: one line of text. Control characters (a NUL among them) get one
    Swedish message that says what to do, not Django's second one about NUL alone."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.validators.append(one_line)


class LoginForm(AuthenticationForm):
    """Users sign in with their e-mail address, which is their username.

    Wrong passwords are counted by address and by account; past the limit, no password is
    tried at all until the window has passed (code "throttled", which the view answers
    with 429).
    """

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
        "throttled": _(
            "För många misslyckade inloggningar. Vänta %(minutes)d minuter och försök igen, "
            "eller välj ”Glömt lösenordet?” för att få ett nytt."
        ),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def clean(self) -> dict:
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()
        address = client_address(self.request) if self.request else ""
        if LOGIN_BY_ADDRESS.blocked(address) or LOGIN_BY_ACCOUNT.blocked(username):
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": LOGIN_BY_ACCOUNT.window_minutes},
            )
        try:
            cleaned_data = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                LOGIN_BY_ADDRESS.count(address)
                LOGIN_BY_ACCOUNT.count(username)
            raise
        LOGIN_BY_ACCOUNT.forget(username)
        return cleaned_data
