import gettext
import re
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po"

pytestmark = pytest.mark.django_db


def test_swedish_is_the_default_even_for_an_english_browser(client):
    page = client.get("/konto/logga-in/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert page["Content-Language"] == "sv"
    assert "Logga in" in page.content.decode()


def test_the_language_switch_gives_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/konto/logga-in/"})
    assert response["Location"] == "/konto/logga-in/"

    page = client.get("/konto/logga-in/").content.decode()

    assert '<html lang="en">' in page
    assert "E-mail address" in page and "Forgot your password?" in page


def test_an_unknown_language_cookie_falls_back_to_swedish(client):
    client.cookies["django_language"] = "xx"

    assert "Logga in" in client.get("/konto/logga-in/").content.decode()


def test_every_interface_text_has_an_english_translation():
    entries = re.split(r"\n\n", CATALOGUE.read_text(encoding="utf-8"))[1:]
    untranslated = [
        e
        for e in entries
        if re.search(r'^msgstr(\[\d\])? ""$', e, re.M)
        and not re.search(r'^msgstr(\[\d\])? ""\n"', e, re.M)
    ]
    fuzzy = [e for e in entries if "#, fuzzy" in e]

    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_holds_every_translation_of_its_source():
    """The .mo is committed (no gettext needed to run the app): `make messages` rebuilds it."""
    with CATALOGUE.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    source = CATALOGUE.read_text(encoding="utf-8")
    singular = len(re.findall(r"^msgstr ", source, re.M)) - 1  # less the header
    plural_forms = len(re.findall(r"^msgstr\[\d\] ", source, re.M))

    assert len(compiled._catalog) - 1 == singular + plural_forms
    assert compiled.gettext("Logga in") == "Log in"
