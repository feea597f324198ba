"""The app in gunicorn, as production runs it (gunicorn.conf.py): invitation and
password-reset tokens never reach its log — neither gunicorn's access log nor Django's
own "Not Found: <path>" — and requests past the limits are refused, never a 500."""

import re

import httpx
import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from common.redaction import REDACTED
from surveys.services.invitations import invitation_token
from tests.faults.processes import app_server, database_url, wait_until
from tests.surveys.helpers import answering_round, invite

WRONG = "f" * 64


@pytest.fixture
def server(transactional_db):
    with app_server(database_url()) as server:
        yield server


def test_invitation_and_reset_tokens_never_reach_the_log(server, municipality, bob):
    token = invitation_token(invite(answering_round(), municipality))
    uid = urlsafe_base64_encode(force_bytes(bob.pk))
    reset_token = default_token_generator.make_token(bob)
    with httpx.Client(base_url=server.url, timeout=60) as browser:
        assert browser.get(f"/inbjudan/{token}/").status_code == 302
        assert browser.get(f"/inbjudan/{WRONG}/?utm=x").status_code == 404
        referred = {"Referer": f"{server.url}/inbjudan/{token}/"}
        assert browser.get("/integritet/", headers=referred).status_code == 200
        reset = browser.get(f"/konto/losenord/nytt/{uid}/{reset_token}/")
        assert reset.status_code == 302

    # Every request's line, the reset's last: its line can lag behind the other four.
    log = wait_until(
        lambda: (
            (output := server.output()).count(f"/inbjudan/{REDACTED}/") >= 4
            and "/konto/losenord/nytt/" in output
            and output
        ),
        "the requests in the log",
        details=server.output,
    )

    for secret in (token, WRONG, reset_token):
        assert secret not in log
    assert re.search(rf'"GET /inbjudan/{re.escape(REDACTED)}/ HTTP/1.1" 302', log)
    assert re.search(rf'"GET /inbjudan/{re.escape(REDACTED)}/\?utm=x HTTP/1.1" 404', log)
    assert f"Not Found: /inbjudan/{REDACTED}/" in log  # Django's own request log
    assert f"/konto/losenord/nytt/{uid}/{REDACTED}/" in log


def test_requests_past_the_limits_are_refused_not_a_server_error(server):
    with httpx.Client(base_url=server.url, timeout=60) as browser:
        long_address = browser.get("/?q=" + "x" * 3000)
        many_headers = browser.get("/", headers={f"X-Extra-{n}": "1" for n in range(60)})
        big_body = browser.post("/konto/logga-in/", content=b"x" * (3 * 1024 * 1024 + 1))
        fine = browser.get("/")

    assert long_address.status_code == 414  # URI Too Long
    assert many_headers.status_code == 431  # Request Header Fields Too Large
    assert big_body.status_code == 413
    assert "För stor begäran" in big_body.text
    assert fine.status_code == 200
