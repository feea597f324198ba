"""The site's pages under random path segments (years, municipality codes, page numbers,
link tokens) for an anonymous visitor, a member and national staff: never a server error;
an address that leads nowhere gets the Swedish page that says so, and every address left
unchanged is a page that answers."""

from urllib.parse import quote

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from surveys.services.invitations import invitation_token
from tests.factories import InvitationFactory, SurveyRoundFactory
from tests.property.hostile import hostile_text, stored
from tests.reports.helpers import submit

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
    "/inbjudan/{token}/",
]
# Who sees each page as it is, with the data of `visitors`: a renamed or broken address
# fails here rather than passing as "finns inte" below.
SEEN_BY = {
    "/svar/{year}/{code}/": "member",
    "/svar/{year}/{code}/hornsten/{number}/": "member",
    "/svar/{year}/{code}/granska/": "member",
    "/resultat/{year}/{code}/": "member",
    "/omgangar/{year}/": "staff",
    "/omgangar/{year}/inbjudningar/": "staff",
    "/omgangar/{year}/kommuner/{code}/": "staff",
    "/kommuner/{code}/": "member",
    "/kommuner/{code}/kontakt/": "staff",
    "/rapporter/{year}/": "staff",
    "/inbjudan/{token}/": "staff",
}
YEARS = ["2025", "2024", "0", "99999999999999999999", "2025.0", "٢٠٢٥", "-1"]
CODES = ["9001", "9002", "0000", "900", "90010", "9001 ", "%00"]
NUMBERS = ["1", "4", "5", "0", "99999999999999999999", "-1", "²"]
TOKENS = ["0" * 64, "9001", "0" * 63 + "g"]


@pytest.fixture
def visitors(client_of, alice, bob, municipality, other_municipality):
    published = SurveyRoundFactory(year=2024, status="published")
    submit(published, municipality, {"SL1": 3})
    current = SurveyRoundFactory(year=2025, previous_round=published)
    submit(current, municipality, {"SL1": 2}, submitted=False)
    invitation = InvitationFactory(round=current, municipality=municipality)
    return {
        "users": {"anonymous": None, "member": bob, "staff": alice},
        "token": invitation_token(invitation),
    }


def segment(known: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(known), hostile_text(2).map(lambda text: text[:300]))


# Which of a good address's segments an example changes, and to what.
CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "year": segment(YEARS),
        "code": segment(CODES),
        "number": segment(NUMBERS),
        "token": segment(TOKENS),
    },
)
VISITORS = st.sampled_from(["anonymous", "member", "staff"])


def address(client, visitors, visitor: str, template: str, changes: dict[str, str]) -> str:
    """The address as `visitor` asks for it, signed in unless anonymous."""
    if visitors["users"][visitor]:
        client.force_login(visitors["users"][visitor])
    parts = {"year": "2025", "code": "9001", "number": "1", "token": visitors["token"]} | changes
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


@pytest.mark.parametrize("page", PAGES)
def test_every_page_as_it_is_answers_200(client, visitors, page):
    url = address(client, visitors, SEEN_BY[page], page, {})

    assert client.get(url).status_code == 200, url


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
