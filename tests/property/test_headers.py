"""Cookies and headers a visitor controls — the language cookie, Accept-Language,
X-Forwarded-For, the language switch's own fields — never make a server error, and the
page stays Swedish unless English was chosen."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port, validate_host
from hypothesis import example, given
from hypothesis import strategies as st

from tests.property.hostile import field_value, hostile_text

PAGES = ["/", "/konto/logga-in/", "/integritet/", "/api/v1/rounds/"]
header = st.one_of(
    st.sampled_from(["sv", "en", "en-GB,en;q=0.9", "xx", "", "1.2.3.4, 5.6.7.8"]), hostile_text(2)
)
# A header value reaches Django as Latin-1: what a client can send at all.
latin1 = header.map(lambda text: text.encode("latin-1", errors="replace").decode("latin-1"))


@given(page=st.sampled_from(PAGES), language=latin1, accept=latin1, forwarded=latin1)
def test_any_language_cookie_and_headers_get_the_page(
    client, each_example, page, language, accept, forwarded
):
    client.cookies["django_language"] = language
    with each_example():
        reply = client.get(page, HTTP_ACCEPT_LANGUAGE=accept, HTTP_X_FORWARDED_FOR=forwarded)

        assert reply.status_code == 200
        assert reply["Content-Language"] == ("en" if language == "en" else "sv")


@given(
    language=field_value(),
    next_page=st.one_of(
        st.sampled_from(["/", "//evil.example/", "https://evil.example/"]), field_value()
    ),
)
@example(language="en", next_page="//evil.example/")
@example(language="", next_page="😀" * 199)  # past the 2048 a URL check takes
def test_the_language_switch_takes_anything_and_stays_on_this_site(
    client, each_example, language, next_page
):
    with each_example():
        reply = client.post("/i18n/setlang/", {"language": language, "next": next_page})

        assert reply.status_code == 302
        target = urlsplit(reply["Location"])
        assert target.scheme in ("", "http") and target.netloc in ("", "testserver")


@given(
    page=st.sampled_from([*PAGES, "/finns-inte/", "/inbjudan/abc/", "/omgangar/"]),
    host=st.one_of(
        st.sampled_from(["evil.example", "testserver.evil.example", "[::1", "a:b:c", ""]),
        latin1,
    ),
)
@example(page="/", host="testserver:99999999999")
def test_any_host_header_gets_the_page_or_a_swedish_400(client, each_example, page, host):
    with each_example():
        reply = client.get(page, HTTP_HOST=host)

        domain, _port = split_domain_port(host)
        if domain and validate_host(domain, settings.ALLOWED_HOSTS):
            assert reply.status_code < 500
        else:
            assert reply.status_code == 400, host
            assert "Felaktig begäran" in reply.content.decode()
