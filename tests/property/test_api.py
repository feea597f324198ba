"""The JSON API under random path segments, query parameters and Accept headers, for an
anonymous visitor, a member, an outsider and national staff: never a server error, always
JSON, and every refusal says why in Swedish."""

from urllib.parse import quote

import pytest
import yaml
from hypothesis import event, example, given
from hypothesis import strategies as st

from reports.services import round_recompute
from tests.factories import SurveyRoundFactory
from tests.property.hostile import assert_swedish, field_name, field_value, hostile_text
from tests.reports.helpers import submit

YEARS = ["2024", "2025", "2023", "0", "-1", "99999999999999999999", "2024.0", "٢٠٢٤", " 2024"]
CODES = ["9001", "9002", "0000", "900", "90010", "9001 ", "abcd"]


@pytest.fixture
def viewers(client_of, alice, bob, charlie):
    """2024 published and 2025 open, each with 9001 and 9002 submitted."""
    published = SurveyRoundFactory(year=2024, status="published")
    current = SurveyRoundFactory(year=2025, previous_round=published)
    for survey_round in (published, current):
        submit(survey_round, bob.memberships.get().municipality, {"SL1": 3, "IT1": 2})
        submit(survey_round, charlie.memberships.get().municipality, {"SL1": 1})
        round_recompute(survey_round=survey_round)
    return {"anonymous": None, "member": bob, "outsider": charlie, "staff": alice}


def segment(known: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(known), hostile_text(2).map(lambda text: text[:300]))


paths = st.one_of(
    st.builds("rounds/{}/national/".format, segment(YEARS)),
    st.builds("rounds/{}/municipalities/{}/".format, segment(YEARS), segment(CODES)),
    st.builds("{}/".format, segment(["rounds", "reference", "schema", "rounds/2024"])),
    st.sampled_from(["", "rounds/", "reference/", "rounds/2024/national"]),
)
queries = st.dictionaries(
    st.one_of(st.sampled_from(["format", "year", "code", "lang", "page"]), field_name()),
    field_value(),
    max_size=3,
)
accepts = st.sampled_from(["application/json", "*/*", "text/html", "application/xml", "", "åäö"])


@given(
    path=paths,
    query=queries,
    accept=accepts,
    viewer=st.sampled_from(["anonymous", "member", "outsider", "staff"]),
)
@example(path="rounds/2024/municipalities/9001/", query={}, accept="*/*", viewer="member")
@example(path="/", query={}, accept="*/*", viewer="anonymous")
@example(path="schema/", query={}, accept="text/html", viewer="anonymous")
@example(path="rounds/\x00/national/", query={"format": "\x00"}, accept="*/*", viewer="staff")
def test_the_api_answers_json_and_says_why_it_refuses(
    client, viewers, each_example, path, query, accept, viewer
):
    if viewers[viewer]:
        client.force_login(viewers[viewer])
    url = "/api/v1/" + "/".join(quote(part, safe="") for part in path.split("/"))
    with each_example():
        reply = client.get(url, query, HTTP_ACCEPT=accept)
        event(f"HTTP {reply.status_code}")

        if reply.status_code == 301:  # APPEND_SLASH, to the same path with its slash
            assert reply["Location"].split("?")[0] == url + "/"
            return
        assert reply.status_code in (200, 404, 406), reply.status_code
        if reply.status_code != 200:
            assert_swedish(_detail(reply))


def _detail(reply) -> str:
    """The error's text: JSON, or the schema's own YAML ("detail: {string: …}"), which a
    browser is given as text."""
    if reply["Content-Type"].startswith(("application/vnd.oai.openapi", "text/plain")):
        return yaml.safe_load(reply.content)["detail"]["string"]
    assert reply["Content-Type"].startswith("application/json")
    return reply.json()["detail"]
