"""The site's pages under random path segments (years, municipality codes, page numbers,
link tokens) for an anonymous visitor, a member and national staff: never a server error;
an address that leads nowhere gets the Swedish page that says so."""

from urllib.parse import quote

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from tests.property.hostile import hostile_text, stored
from tests.reports.helpers import make_round, submit

PAGES = [
    "/svar/{year}/{code}/",
    "/svar/{year}/{code}/hornsten/{number}/",
    "/svar/{year}/{code}/granska/",
    "/resultat/{year}/{code}/",
    "/omgangar/{year}/",
    "/omgangar/{year}/inbjudningar/",
    "/omgangar/{year}/kommuner/{code}/",
    "/kommuner/{code}/",
    "/kommuner/{code}/kontakt/",
    "/rapporter/{year}/",
    "/inbjudan/{code}/",
]
YEARS = ["2025", "2024", "0", "99999999999999999999", "2025.0", "٢٠٢٥", "-1"]
CODES = ["9001", "9002", "0000", "900", "90010", "9001 ", "%00"]
NUMBERS = ["1", "4", "5", "0", "99999999999999999999", "-1", "²"]


@pytest.fixture
def visitors(client_of, alice, bob, municipality, other_municipality):
    published = make_round(2024, status="published")
    submit(published, municipality, {"SL1": 3})
    make_round(2025, previous=published)
    return {"anonymous": None, "member": bob, "staff": alice}


def segment(known: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(known), hostile_text(2).map(lambda text: text[:300]))


# Which of a good address's segments an example changes, and to what.
CHANGES = st.fixed_dictionaries(
    {}, optional={"year": segment(YEARS), "code": segment(CODES), "number": segment(NUMBERS)}
)
VISITORS = st.sampled_from(["anonymous", "member", "staff"])


def address(client, visitors, visitor: str, template: str, changes: dict[str, str]) -> str:
    """The address as `visitor` asks for it, signed in unless anonymous."""
    if visitors[visitor]:
        client.force_login(visitors[visitor])
    parts = {"year": "2025", "code": "9001", "number": "1"} | changes
    return template.format(**{name: quote(value, safe="") for name, value in parts.items()})


@given(
    page=st.sampled_from(PAGES),
    changes=CHANGES,
    visitor=VISITORS,
)
@example(page=PAGES[0], changes={"code": "\x00"}, visitor="member")
@example(page=PAGES[6], changes={"code": "\x00"}, visitor="staff")
@example(page=PAGES[7], changes={"code": "\x00"}, visitor="staff")
@example(page=PAGES[4], changes={"year": "99999999999999999999"}, visitor="staff")
def test_a_page_under_any_address_answers_and_never_fails(
    client, visitors, each_example, page, changes, visitor
):
    url = address(client, visitors, visitor, page, changes)
    with each_example():
        reply = client.get(url)
        event(f"HTTP {reply.status_code}")

        assert reply.status_code in (200, 301, 302, 403, 404, 410, 429), reply.status_code
        if reply.status_code == 404:
            text = reply.content.decode()
            assert "finns inte" in text or "gäller inte" in text, text[:300]


STAFF_ACTIONS = [
    "/omgangar/{year}/oppna/",
    "/omgangar/{year}/stang/",
    "/omgangar/{year}/oppna-igen/",
    "/omgangar/{year}/publicera/",
    "/omgangar/{year}/inbjudningar/skicka/",
    "/omgangar/{year}/inbjudningar/{number}/skicka-igen/",
    "/omgangar/{year}/inbjudningar/{number}/paminn/",
    "/omgangar/{year}/inbjudningar/paminn-utkast/",
    "/svar/{year}/{code}/skicka-in/",
    "/rapporter/{year}/publicera-igen/",
]


@given(
    action=st.sampled_from(STAFF_ACTIONS),
    changes=CHANGES,
    visitor=VISITORS,
)
@example(action=STAFF_ACTIONS[0], changes={"year": "99999999999999999999"}, visitor="staff")
@example(action=STAFF_ACTIONS[5], changes={"number": "99999999999999999999"}, visitor="staff")
def test_a_button_under_any_address_answers_and_never_fails(
    client, visitors, each_example, action, changes, visitor
):
    url = address(client, visitors, visitor, action, changes)
    with each_example():
        before = stored()
        reply = client.post(url)
        event(f"HTTP {reply.status_code}")

        # 200: a confirmation page (publishing) asks again, having changed nothing.
        assert reply.status_code in (200, 302, 403, 404), reply.status_code
        if reply.status_code != 302:
            assert stored() == before
