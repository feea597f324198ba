"""The sign-in form under hostile input: never a server error, a Swedish message, no one
signed in by anything but the right address and password."""

from django.contrib.auth import SESSION_KEY
from hypothesis import event, given

from tests.factories import PASSWORD
from tests.property.hostile import assert_shown, form_messages, posted, stored


@given(data=posted({"username": " BOB@kommun-a.example ", "password": PASSWORD}))
def test_signing_in_succeeds_only_with_the_right_password_and_otherwise_says_why(
    client, bob, each_example, data
):
    with each_example():
        before = stored()
        reply = client.post("/konto/logga-in/", data)
        event(f"HTTP {reply.status_code}")

        if reply.status_code == 302:
            assert client.session[SESSION_KEY] == str(bob.pk)
            client.logout()
        else:
            assert reply.status_code in (200, 429)
            assert_shown(reply, form_messages(reply.context["form"]))
            assert SESSION_KEY not in client.session
            assert stored() == before
