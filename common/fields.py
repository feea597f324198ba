"""Form fields every app's forms use (names and titles), apart from the site's sign-in
forms in emognad/forms.py, which apps do not import."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from common.validators import one_line


class OneLineField(forms.CharField):
    """A name or a title: one line of text. Control characters (a NUL among them) get one
    Swedish message that says what to do, not Django's second one about NUL alone."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.validators.append(one_line)
