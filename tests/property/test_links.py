"""Any invitation link, typed, truncated or made up, is answered (404, 410, 429, or the
question for someone signed in) and never a server error; a made-up one never signs
anyone in or out, and never keeps a right one from working."""

from urllib.parse import quote

from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from surveys.access import INVITATION_SESSION_KEY
from surveys.services.invitations import invitation_token
from tests.property.hostile import hostile_text
from tests.surveys.helpers import answering_round, invite

token = st.one_of(
    st.text(alphabet="0123456789abcdef", min_size=1, max_size=80),
    hostile_text(3).filter(lambda text: "/" not in text and text.strip()),
)


@given(tokens=st.lists(token, min_size=1, max_size=15), signed_in=st.booleans())
def test_made_up_links_change_nothing_and_a_right_one_still_works(
    municipality, alice, each_example, tokens, signed_in
):
    with each_example():
        right = invitation_token(invite(answering_round(), municipality))
        client = Client()
        if signed_in:
            client.force_login(alice)
        for made_up in tokens:
            reply = client.get(f"/inbjudan/{quote(made_up, safe='')}/")
            assert reply.status_code in (404, 429), reply.status_code
            assert INVITATION_SESSION_KEY not in client.session
            assert ("_auth_user_id" in client.session) == signed_in

        reply = client.post(f"/inbjudan/{right}/", {"action": "continue"})

        assert reply.status_code == 302
        assert client.session[INVITATION_SESSION_KEY]
