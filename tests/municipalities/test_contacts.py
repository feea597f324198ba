import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from municipalities.models import Contact
from municipalities.services import contacts_import
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

HEADER = "municipality_code,name,email,title\n"


def upload(text: str, name: str = "kontakter.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_staff_edits_a_contact(client_of, alice, municipality):
    response = client_of(alice).post(
        f"/kommuner/{municipality.code}/kontakt/",
        {"name": "Eva Ek", "email": "eva.ek@kommun-a.example", "title": "Kommundirektör"},
        follow=True,
    )

    contact = Contact.objects.get(municipality=municipality)
    assert (contact.name, contact.email, contact.title) == (
        "Eva Ek",
        "eva.ek@kommun-a.example",
        "Kommundirektör",
    )
    assert "Kontaktpersonen för Testkommun A är sparad." in response.content.decode()


def test_contact_with_bad_email_is_refused_in_swedish(client_of, alice, municipality):
    ContactFactory(municipality=municipality, email="gammal@kommun-a.example")

    response = client_of(alice).post(
        f"/kommuner/{municipality.code}/kontakt/", {"name": "Eva", "email": "inte-en-adress"}
    )

    assert response.status_code == 200
    assert "Fyll i en giltig e-postadress." in response.content.decode()
    assert Contact.objects.get(municipality=municipality).email == "gammal@kommun-a.example"


def test_contact_title_defaults_to_kommunchef(client_of, alice, municipality):
    client_of(alice).post(
        f"/kommuner/{municipality.code}/kontakt/", {"name": "Eva", "email": "eva@a.example"}
    )

    assert Contact.objects.get(municipality=municipality).title == "Kommunchef"


def test_only_staff_edit_contacts(client_of, bob, municipality):
    data = {"name": "Inkräktare", "email": "x@y.example"}
    url = f"/kommuner/{municipality.code}/kontakt/"
    assert Client().post(url, data).status_code == 302
    assert client_of(bob).post(url, data).status_code == 403
    assert not Contact.objects.exists()


def test_unknown_municipality_gives_404(client_of, alice):
    assert client_of(alice).get("/kommuner/0000/kontakt/").status_code == 404


def test_import_creates_and_updates_contacts(client_of, alice, municipality, other_municipality):
    ContactFactory(municipality=municipality, name="Gammal Chef")
    csv = HEADER + "9001,Ny Chef,ny@a.example,\n9002,Bo Bo,bo@b.example,Kommundirektör\n"

    response = client_of(alice).post(
        "/kommuner/kontakter/import/", {"file": upload(csv)}, follow=True
    )

    assert "2 kontaktpersoner importerades." in response.content.decode()
    assert Contact.objects.get(municipality=municipality).name == "Ny Chef"
    assert Contact.objects.get(municipality=municipality).title == "Kommunchef"
    assert Contact.objects.get(municipality=other_municipality).title == "Kommundirektör"


def test_import_reports_every_bad_row_and_imports_nothing(
    client_of, alice, municipality, other_municipality
):
    csv = (
        HEADER
        + "9001,Ny Chef,ny@a.example,\n"
        + "1234,Okänd,okand@x.example,\n"
        + "9002,,inte-en-adress,\n"
        + "9001,Dubbel,dubbel@a.example,\n"
    )

    response = client_of(alice).post("/kommuner/kontakter/import/", {"file": upload(csv)})

    page = response.content.decode()
    assert "Ingenting importerades" in page
    assert "Rad 3: okänd kommunkod &#x27;1234&#x27;" in page
    assert "Rad 4:" in page and "Fyll i en giltig e-postadress." in page
    assert "Rad 5: kommunkod 9001 står redan på rad 2" in page
    assert "Rad 2:" not in page
    assert not Contact.objects.exists()


def test_import_accepts_semicolons_and_excel_bom(municipality):
    data = ("\ufeff" + HEADER.replace(",", ";") + "9001;Åsa Öberg;asa@a.example;\n").encode()

    report = contacts_import(data=data)

    assert report.ok and report.imported == 1
    assert Contact.objects.get().name == "Åsa Öberg"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Filen är tom"),
        (b"namn,epost\nA,b\n", "Rad 1: kolumnerna ska vara"),
        (HEADER.encode(), "inga rader"),
        ("municipality_code,name,email,title\n9001,Å,a@b.se\n".encode("latin-1"), "UTF-8"),
        (HEADER.encode() + b"9001,A\x00,a@b.se,\n", "ogiltigt tecken på rad 2"),
        (HEADER.encode("utf-16-le") + "9001,A,a@b.se,\n".encode("utf-16-le"), "UTF-8"),
        (HEADER.encode() + b"9001,A,a@b.se,x,extra\n", "för många kolumner"),
        (HEADER.encode() + b'9001,"A,a@b.se\n', "Rad 2:"),
        (HEADER.encode() + ("9001," + "A" * 300 + ",a@b.se,\n").encode(), "Rad 2: namn"),
    ],
)
def test_import_explains_bad_files(municipality, data, message):
    report = contacts_import(data=data)

    assert not report.ok
    assert message in " ".join(report.errors)
    assert not Contact.objects.exists()


def test_import_is_for_staff_only(client_of, bob):
    response = client_of(bob).post(
        "/kommuner/kontakter/import/", {"file": upload(HEADER + "9001,A,a@b.se,\n")}
    )
    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_municipality_list_filters_by_county_and_name(
    client_of, alice, municipality, other_municipality
):
    page = client_of(alice).get("/kommuner/", {"q": "kommun a"}).content.decode()

    assert "Testkommun A" in page and "Testkommun B" not in page
