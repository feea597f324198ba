"""A request Django refuses to read — a field name past the multipart header limit, more
fields than DATA_UPLOAD_MAX_NUMBER_FIELDS, a body past DATA_UPLOAD_MAX_MEMORY_SIZE — gets
a 400 page in Swedish that says nothing was saved, not Django's bare English one."""

import pytest
from django.conf import settings

from surveys.models import Answer
from tests.surveys.test_answer_support import enter_and_start, invite, open_round, page


@pytest.fixture
def respondent(client, municipality):
    enter_and_start(client, invite(open_round(), municipality))
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
