"""The respondent's pages under hostile input: the start page, a cornerstone page (a full
POST and the page's autosave), the hand-over and the submit. Never a server error; a
refusal says why in Swedish and changes nothing; what is accepted is stored as sent."""

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from surveys.answer_forms import PARTS
from surveys.models import AnswerState, Response
from surveys.selectors.answering import state_of
from surveys.services import round_close
from tests.property.hostile import (
    assert_shown,
    assert_swedish,
    field_name,
    field_value,
    form_messages,
    last,
    posted,
    stored,
)
from tests.surveys.helpers import (
    RESPONDENT,
    answer_of,
    answering_round,
    enter_and_start,
    invite,
    loaded,
    page,
    url,
)

PAGE_CODES = ["SL1", "SL2", "SL3", "SL4", "SL5"]
STATES = [*AnswerState.values, "5", "0", "DK", " 3 "]
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def invitation(db, municipality):
    return invite(answering_round(), municipality)


@pytest.fixture
def respondent(client, invitation):
    """Signed in by the link, started, with two answers saved so versions matter."""
    enter_and_start(client, invitation)
    first = loaded(client, 1) | {"SL1-state": "2", "SL2-state": "dk", "SL2-comment": "Oklart"}
    client.post(page(1), first)
    return client


@given(data=posted({"name": "  Åsa Öberg ", "email": "asa@kommun.example", "role": "it-chef"}))
def test_the_start_page_takes_who_answers_or_says_why_not(
    respondent, municipality, each_example, data
):
    with each_example():
        _takes_the_respondent_or_says_why_not(respondent, municipality, "answer_start", data)


def _takes_the_respondent_or_says_why_not(respondent, municipality, name: str, data) -> None:
    """Posted to the page `name`: the respondent as given, or the form's messages shown
    and nothing stored changed."""
    before = stored()
    reply = respondent.post(url(name), data)
    event(f"HTTP {reply.status_code}")

    if reply.status_code == 302:
        response = Response.objects.get(municipality=municipality)
        assert response.respondent_name == last(data["name"]).strip()
        assert response.respondent_role == last(data["role"])
    else:
        assert reply.status_code == 200
        assert_shown(reply, form_messages(reply.context["form"]))
        assert stored() == before


page_changes = st.dictionaries(
    st.tuples(st.sampled_from([*PAGE_CODES, "SI1", "XX9", "sl1"]), st.sampled_from(PARTS)),
    st.one_of(st.sampled_from(STATES), field_value()),
    max_size=5,
)


@given(
    changes=page_changes,
    left_out=st.sets(st.sampled_from([f"{c}-{p}" for c in PAGE_CODES for p in PARTS])),
    extra=st.dictionaries(
        st.one_of(field_name(), st.sampled_from(["go", "autosave"])), field_value(), max_size=2
    ),
    autosave=st.booleans(),
)
@example(  # "²".isdigit(), but int("²") fails
    changes={("SL3", "state"): "3", ("SL3", "version"): "²"},
    left_out=set(),
    extra={},
    autosave=False,
)
@example(
    changes={("SL1", "version"): "-1", ("SL1", "state"): "4"},
    left_out=set(),
    extra={},
    autosave=True,
)
@example(changes={("SL3", "comment"): "a\x00b"}, left_out=set(), extra={}, autosave=True)
def test_a_cornerstone_page_saves_what_was_sent_or_nothing(
    respondent, municipality, each_example, changes, left_out, extra, autosave
):
    data = loaded(respondent, 1)
    data = {key: value for key, value in data.items() if key not in left_out}
    data |= extra | {f"{code}-{part}": value for (code, part), value in changes.items()}
    with each_example():
        before = stored()
        reply = respondent.post(page(1), data, **(FETCH if autosave else {}))

        saved = _saved(reply) if autosave else _saved_by_button(reply)
        event("saved" if saved else f"refused, HTTP {reply.status_code}")
        if saved:
            _assert_stored_as_sent(municipality, data)
        else:
            assert stored() == before


def _saved(reply) -> bool:
    """The autosave's JSON: saved, or refused with Swedish messages for each problem."""
    assert reply.status_code in (200, 400, 409), reply.status_code
    body = reply.json()
    assert_swedish(body["message"])
    for problem in body.get("errors", []) + body.get("conflicts", []):
        assert_swedish(problem["message"])
    assert body["saved"] is (reply.status_code == 200)
    return body["saved"]


def _saved_by_button(reply) -> bool:
    """A full POST: a redirect when saved, else the page again saying what was wrong."""
    assert reply.status_code in (302, 200, 409), reply.status_code
    if reply.status_code == 302:
        return True
    form = reply.context["form"]
    messages = [message for _, message in form.error_list()]
    messages += [conflict["message"] for conflict in reply.context["conflicts"]]
    assert_shown(reply, messages)
    return False


def _assert_stored_as_sent(municipality, data: dict) -> None:
    for code in PAGE_CODES:
        state = last(data.get(f"{code}-state", ""))
        if state in AnswerState.values and state:
            assert state_of(answer_of(municipality, code)) == state, code


@given(data=posted({"name": "Per Persson", "email": "per@kommun.example"}))
def test_handing_over_takes_a_colleague_or_says_why_not(respondent, each_example, data):
    with each_example():
        before = stored()
        reply = respondent.post(url("answer_hand_over"), data)
        event(f"HTTP {reply.status_code}")

        if reply.status_code == 302:
            assert reply["Location"] == url("answer_handed_over")
        else:
            assert reply.status_code == 200
            assert_shown(reply, form_messages(reply.context["form"]))
            assert stored() == before


@given(
    data=posted(
        {"name": "Per Persson", "email": "per@kommun.example", "role": "it-chef", "loaded": ""}
    )
)
@example(
    data={"name": "Per\r\nBcc: x@evil.example", "email": "per@kommun.example", "role": "it-chef"}
)
@example(data={"name": "Per", "email": "per@kommun.example", "role": "it-chef", "loaded": "x"})
def test_changing_the_respondent_takes_them_or_says_why_not(
    respondent, municipality, each_example, data
):
    with each_example():
        _takes_the_respondent_or_says_why_not(respondent, municipality, "answer_respondent", data)


@given(data=st.dictionaries(field_name(), field_value(), max_size=4), autosave=st.booleans())
def test_submitting_an_unfinished_response_says_what_is_missing_whatever_is_posted(
    respondent, each_example, data, autosave
):
    with each_example():
        before = stored()
        reply = respondent.post(url("answer_submit"), data, **(FETCH if autosave else {}))
        shown = respondent.get(reply["Location"])

        assert reply["Location"] == url("answer_review")
        assert "frågor saknar svar" in shown.content.decode()
        assert stored() == before


WRITES = {
    "answer_start": RESPONDENT,
    "answer_cornerstone": {"SL3-state": "3", "SL3-version": "0", "SL3-was": ""},
    "answer_submit": {},
    "answer_hand_over": {"name": "Per Persson", "email": "per@kommun.example"},
    "answer_respondent": RESPONDENT | {"name": "Per Persson"},
}


@pytest.fixture
def after_closing(respondent, invitation):
    """The respondent, still signed in, once the round has closed."""
    round_close(survey_round=invitation.round)
    return respondent


@given(
    name=st.sampled_from(list(WRITES)),
    extra=st.dictionaries(field_name(), field_value(), max_size=2),
    autosave=st.booleans(),
)
def test_a_closed_round_refuses_every_write_politely_and_keeps_everything(
    after_closing, each_example, name, extra, autosave
):
    target = page(1) if name == "answer_cornerstone" else url(name)
    with each_example():
        before = stored()
        reply = after_closing.post(target, WRITES[name] | extra, **(FETCH if autosave else {}))

        assert reply.status_code == 403
        if autosave:
            message = reply.json()["message"]
            assert_swedish(message)
        else:
            message = reply.context["message"]
            assert_shown(reply, [message])
        assert "är stängd för svar" in message
        assert stored() == before


def test_the_answers_pdf_prints_whatever_comments_were_let_through(respondent, municipality):
    """What the property tests above let through — markup, right-to-left overrides, emoji,
    combining marks, 2000 characters without a space — is stored as typed and printed."""
    hostile = [
        "<script>alert(1)</script><b>fet</b>",
        "\u202eevil\u202c و עברית",
        "👩‍👩‍👧 Z̸̢̛̗͎̈́a̵͔͂l̶̲̈́g̸̙̀o̵̬͝",
        "x" * 2000,
        "=cmd|' /C calc'!A0 {{ x }} %(code)s",
    ]
    comments = {f"{code}-comment": text for code, text in zip(PAGE_CODES, hostile, strict=True)}
    states = {f"{code}-state": "3" for code in PAGE_CODES}
    assert respondent.post(page(1), loaded(respondent, 1) | states | comments).status_code == 302

    pdf = respondent.get(url("answer_pdf"))

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert answer_of(municipality, "SL1").comment == hostile[0]
