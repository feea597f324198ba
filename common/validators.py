"""Text that must stay on one line: names and titles.

A name goes into a mail's To: header, a PDF, a CSV export and the change log. A line
break there splits a header (Django refuses the whole mail), a NUL makes PostgreSQL refuse
the row, and a tab or a C1 character is invisible in the form but not in what comes out.
So they are refused where they are typed, with a message that says what to do, rather
than quietly removed: what a person typed is never silently replaced.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 (NUL, tab, LF, CR …), DEL and C1, and Unicode's own line and paragraph separators.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

ONE_LINE_MESSAGE = _(
    "Skriv texten på en rad, utan radbrytningar, tabbar eller andra osynliga styrtecken."
)


def has_control_characters(value: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(value or ""))


@deconstructible
class OneLineValidator:
    """Refuses control characters; an equal instance in every migration that uses it."""

    message = ONE_LINE_MESSAGE
    code = "control_characters"

    def __call__(self, value) -> None:
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, OneLineValidator)

    def __hash__(self) -> int:
        return hash(self.code)


one_line = OneLineValidator()
