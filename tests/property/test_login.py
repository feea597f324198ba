"""The sign-in form under hostile input: never a server error, a Swedish message, no one
signed in by anything but the right address and password."""

from django.contrib.auth import SESSION_KEY
from hypothesis import event, given
from hypothesis import strategies as st

from tests.factories import PASSWORD
from tests.property.hostile import assert_shown, field_value, form_messages, stored


@given(
    username=st.one_of(
        st.sampled_from(["bob@kommun-a.example", " BOB@kommun-a.example "]), field_value()
    ),
    password=st.one_of(st.just(PASSWORD), field_value()),
    left_out=st.sets(st.sampled_from(["username", "password"])),
)
def test_signing_in_succeeds_only_with_the_right_password_and_otherwise_says_why(
    client, bob, each_example, username, password, left_out
):
    data = {key: value for key, value in {"username": username, "password": password}.items()}
    data = {key: value for key, value in data.items() if key not in left_out}
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
