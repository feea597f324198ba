"""A request Django refuses to read — a field name past the multipart header limit, more
fields than DATA_UPLOAD_MAX_NUMBER_FIELDS, a body past DATA_UPLOAD_MAX_MEMORY_SIZE — gets
a 400 page in Swedish that says nothing was saved, not Django's bare English one. Any body
of any content type is read or refused, never a server error."""

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from surveys.models import Answer
from tests.property.hostile import assert_swedish
from tests.surveys.helpers import answering_round, enter_and_start, invite, page


@pytest.fixture
def respondent(client, municipality):
    enter_and_start(client, invite(answering_round(), municipality))
    return client


@pytest.mark.parametrize(
    "data",
    [
        {"x" * 100_000: "3"},
        {f"f{n}": "3" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)},
        {"SL1-comment": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1), "SL1-state": "3"},
    ],
    ids=["huge field name", "too many fields", "too big a body"],
)
def test_an_unreadable_request_gets_a_swedish_page_and_saves_nothing(respondent, data):
    reply = respondent.post(page(1), data)

    assert reply.status_code == 400
    assert "Felaktig begäran" in reply.content.decode()
    assert "ingenting sparades" in reply.content.decode()
    assert not Answer.objects.exists()


CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=nonsense",
    "multipart/form-data; boundary=xyz",
    "multipart/form-data",
    "application/json",
    "text/plain",
    "",
]


@given(
    body=st.one_of(
        st.binary(max_size=500),
        st.lists(
            st.tuples(
                st.sampled_from(["SL1-state", "SL1-version", "SL1-was", "%FF", "a%00"]),
                st.sampled_from(["3", "%FF%FE", "%00", "dk", "%E5%E4%F6"]),
            )
        ).map(lambda pairs: "&".join(f"{name}={value}" for name, value in pairs).encode()),
    ),
    content_type=st.sampled_from(CONTENT_TYPES),
    autosave=st.booleans(),
)
def test_any_body_of_any_type_is_read_or_refused_never_a_server_error(
    respondent, each_example, body, content_type, autosave
):
    headers = {"HTTP_X_REQUESTED_WITH": "fetch"} if autosave else {}
    with each_example():
        reply = respondent.generic("POST", page(1), body, content_type, **headers)

        assert reply.status_code in (200, 302, 400, 409), reply.status_code
        if reply["Content-Type"].startswith("application/json"):
            assert_swedish(reply.json()["message"])
        elif reply.status_code == 400:
            assert "Felaktig begäran" in reply.content.decode()
