"""Hostile input for the property tests, and what every answer to it must look like."""

import re

from django.contrib.auth import get_user_model
from django.db.models import Model
from django.utils.html import escape
from hypothesis import strategies as st

from municipalities.models import Contact, Membership
from reports.models import Publication
from surveys.models import Answer, AnswerChange, Invitation, Response, SurveyRound

SPECIAL = [
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u200b\ufeff",  # RTL mark, zero-width space, BOM
    "😀",
    "👩‍👩‍👧",
    "e\u0301\u0301\u0301",  # combining marks
    "Z̸̢̛̗͎̈́a̵͔͂l̶̲̈́g̸̙̀o̵̬͝",
    "=cmd|' /C calc'!A0",
    "+SUM(1;2)",
    "@HYPERLINK(1)",
    "<script>alert(1)</script>",
    "'; DROP TABLE surveys_answer;--",
    "%(code)s %s {0} {{ x }}",
    "../../etc/passwd",
    "\r\n\t ",
    "Åsa Öberg-Ärlig",
    "a@b",
    "anna@kommun.example",
    "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".se",  # valid, but 259 characters
]
NUMBERS = [
    "0",
    "-1",
    "5",
    "3.0",
    " 2 ",
    "1e9",
    "NaN",
    "Infinity",
    "0x10",
    "²",
    "١٢",
    "9" * 40,
    "",
]
HUGE = [199, 200, 201, 254, 255, 500, 501, 2000, 2001, 100_000]

printable = st.characters(exclude_categories=["Cs"])  # lone surrogates cannot be sent as UTF-8


def hostile_text(max_pieces: int = 5) -> st.SearchStrategy[str]:
    """Random text, control and formatting characters, markup, formulas and huge strings."""
    piece = st.one_of(st.text(printable, max_size=30), st.sampled_from(SPECIAL + NUMBERS))
    huge = st.builds(
        lambda char, size: char * size,
        st.sampled_from(["x", "å", "😀", "\x00", " "]),
        st.sampled_from(HUGE),
    )
    return st.one_of(st.lists(piece, max_size=max_pieces).map("".join), huge)


def numbers() -> st.SearchStrategy[str]:
    """What a number field might get: huge, negative, decimal, other scripts' digits."""
    return st.one_of(
        st.sampled_from(NUMBERS), st.integers(-(2**70), 2**70).map(str), hostile_text(2)
    )


def field_name() -> st.SearchStrategy[str]:
    """A name a form does not expect; long ones are test_unreadable.py's."""
    return st.one_of(st.text(printable, max_size=20), st.sampled_from(SPECIAL))


def field_value() -> st.SearchStrategy[str | list[str]]:
    """One posted value, or several under the same key."""
    single = st.one_of(hostile_text(), numbers())
    return st.one_of(single, st.lists(single, min_size=2, max_size=3))


def last(value: str | list[str]) -> str:
    """What Django's QueryDict.get() takes of a repeated key."""
    return value[-1] if isinstance(value, list) else value


# Words that give an English message away; Swedish texts here use none of them. Quoted
# input that a message repeats back (”…”, '…') is left out of the check.
ENGLISH = re.compile(
    r"\b(the|this|field|enter|ensure|please|must|select|required|characters?|allowed|"
    r"value|invalid|valid|error|not|has|is|are|file|line|column)\b",
    re.IGNORECASE,
)
QUOTED = re.compile(r"”[^”]*”|'[^']*'|\"[^\"]*\"", re.DOTALL)


def assert_swedish(message: str) -> None:
    assert message.strip(), "an empty message"
    assert not ENGLISH.search(QUOTED.sub("", message)), f"not Swedish: {message!r}"


def assert_shown(response, messages: list[str]) -> None:
    """Each message is Swedish and on the page the user gets back."""
    assert messages, "refused without saying why"
    html = response.content.decode()
    for message in messages:
        assert_swedish(message)
        assert escape(message) in html, f"not on the page: {message!r}"


def form_messages(form) -> list[str]:
    return [message for messages in form.errors.values() for message in messages]


STORED: list[type[Model]] = [
    SurveyRound,
    Response,
    Answer,
    AnswerChange,
    Invitation,
    Contact,
    Membership,
    Publication,
    get_user_model(),
]


def stored() -> dict[str, list[dict]]:
    """Every row a user's input could change."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in STORED}


CELLS = [
    "=cmd|' /C calc'!A0",
    "+1",
    "-1",
    "@SUM(A1)",
    "0",
    "5",
    "3.0",
    " 2 ",
    "VET EJ",
    "vet  ej",
    "dk",
    '"',
    'a "quoted" cell',
    "a,b;c\td",
    "two\nlines",
    "\x00",
    "",
]


def csv_cell() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(CELLS), hostile_text(2))


def csv_file(rows: list[list[str]], delimiter: str, encoding: str) -> bytes:
    """Rows as Excel or a careless script would write them: any separator and encoding,
    cells quoted only where they must be."""
    lines = [
        delimiter.join(
            f'"{cell.replace(chr(34), chr(34) * 2)}"'
            if set(cell) & {delimiter, '"', "\n"}
            else cell
            for cell in row
        )
        for row in rows
    ]
    return ("\r\n".join(lines) + "\r\n").encode(encoding, errors="replace")


delimiters = st.sampled_from([",", ";", "\t"])
encodings = st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16"])


def tampered(row: list[str]) -> st.SearchStrategy[list[str]]:
    """A row with some cells replaced by hostile ones, or cut short, or made too long."""
    return st.one_of(
        st.just(row),
        st.builds(
            lambda changes: [changes.get(i, cell) for i, cell in enumerate(row)],
            st.dictionaries(st.integers(0, len(row) - 1), csv_cell(), max_size=3),
        ),
        st.integers(0, len(row) - 1).map(lambda n: row[:n]),
        st.lists(csv_cell(), min_size=1, max_size=2).map(lambda extra: row + extra),
    )


def posted(valid: dict[str, str]) -> st.SearchStrategy[dict]:
    """A valid form as a browser would send it, with some fields given hostile values, some
    left out and perhaps one more added; the simplest example is the valid form itself."""
    names = list(valid)
    return st.builds(
        lambda changes, left_out, extra: (
            {name: value for name, value in (valid | changes).items() if name not in left_out}
            | extra
        ),
        st.dictionaries(st.sampled_from(names), field_value(), max_size=len(names)),
        st.sets(st.sampled_from(names), max_size=len(names)),
        st.dictionaries(field_name(), field_value(), max_size=1),
    )
