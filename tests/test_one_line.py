"""Names and titles stay on one line wherever they are typed or imported: a line break, a
tab, a NUL or another C0/C1 control character is refused with one Swedish message (with
the line number in an import), and nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from common.csvfiles import CsvFileError, csv_records
from municipalities.models import Contact
from municipalities.services import contacts_import
from surveys.models import Invitation
from tests.factories import ContactFactory
from tests.surveys.test_answer_support import RESPONDENT, invite, link, open_round, url

pytestmark = pytest.mark.django_db

MESSAGE = "Skriv texten på en rad, utan radbrytningar, tabbar eller andra osynliga styrtecken."
CONTROL = [
    "Eva\nEk",
    "Eva\r\nEk",
    "Eva\rEk",
    "Eva\x00Ek",
    "Eva\tEk",
    "Eva\x1bEk",
    "Eva\x85Ek",
    "Eva\x9fEk",
    "Eva\u2028Ek",
]
FINE = ["Eva Ek", "Åsa Öberg-Ärlig", "Zoë d’Arc", "李小龙"]


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("name", CONTROL)
def test_the_contact_form_refuses_a_name_with_control_characters(
    client_of, alice, municipality, name
):
    ContactFactory(municipality=municipality, name="Gammal", title="Kommunchef")

    refused = client_of(alice).post(
        f"/kommuner/{municipality.code}/kontakt/",
        {"name": name, "email": "eva@kommun-a.example", "title": "Kommunchef"},
    )

    assert refused.status_code == 200
    assert text(refused).count(MESSAGE) == 1  # one message, not Django's own NUL one too
    assert Contact.objects.get(municipality=municipality).name == "Gammal"


def test_the_contact_form_refuses_a_title_on_two_lines(client_of, alice, municipality):
    refused = client_of(alice).post(
        f"/kommuner/{municipality.code}/kontakt/",
        {"name": "Eva", "email": "eva@kommun-a.example", "title": "Kommun\nchef"},
    )

    assert MESSAGE in text(refused)
    assert not Contact.objects.exists()


@pytest.mark.parametrize("name", FINE)
def test_names_of_every_alphabet_are_taken(client_of, alice, municipality, name):
    client_of(alice).post(
        f"/kommuner/{municipality.code}/kontakt/", {"name": name, "email": "eva@a.example"}
    )

    assert Contact.objects.get(municipality=municipality).name == name


def test_the_contact_import_names_the_line_of_a_name_with_a_line_break(
    municipality, other_municipality
):
    data = (
        b"municipality_code,name,email,title\n"
        b"9001,Eva Ek,eva@a.example,\n"
        b'9002,"Bo\nBerg",bo@b.example,Kommunchef\n'
        b"9003,X,x@x.example,Chef\tIT\n"
    )

    report = contacts_import(data=data)

    assert report.errors[0] == f"Rad 3: namn: {MESSAGE}"
    assert report.errors[1].startswith("Rad 5: okänd kommunkod '9003'; titel: " + MESSAGE)
    assert not Contact.objects.exists()


def test_the_import_page_shows_the_line_of_a_name_with_a_control_character(
    client_of, alice, municipality
):
    upload = SimpleUploadedFile(
        "k.csv", b"municipality_code,name,email\n9001,Eva\x1fEk,eva@a.example\n"
    )

    page = client_of(alice).post("/kommuner/kontakter/import/", {"file": upload})

    assert f"Rad 2: namn: {MESSAGE}" in text(page)
    assert not Contact.objects.exists()


@pytest.mark.parametrize("name", CONTROL)
def test_the_start_page_refuses_a_name_with_control_characters(municipality, name):
    survey_round = open_round()
    invitation = invite(survey_round, municipality)
    client = Client()
    client.get(link(invitation))

    refused = client.post(url("answer_start"), RESPONDENT | {"name": name})

    assert refused.status_code == 200
    assert text(refused).count(MESSAGE) == 1
    assert not survey_round.responses.exists()


@pytest.mark.parametrize("name", CONTROL)
def test_a_hand_over_refuses_a_name_with_control_characters(municipality, name):
    invitation = invite(open_round(), municipality)
    client = Client()
    client.get(link(invitation))

    refused = client.post(
        url("answer_hand_over"), {"name": name, "email": "kollega@kommun-a.example"}
    )

    assert refused.status_code == 200
    assert MESSAGE in text(refused)
    assert list(Invitation.objects.values_list("pk", "revoked_at")) == [(invitation.pk, None)]


def test_a_field_over_the_csv_size_limit_is_told_in_swedish():
    data = ('a,b\n1,"' + "x" * 200_000 + "\n").encode()

    with pytest.raises(CsvFileError) as raised:
        csv_records(data)

    assert raised.value.line == 2
    assert raised.value.message.startswith("ett fält är längre än 131072 tecken.")
    assert "field" not in raised.value.message and "limit" not in raised.value.message
