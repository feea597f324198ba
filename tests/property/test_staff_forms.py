"""National staff's forms under hostile input: a new round, the filters of the invitation
and municipality lists, a contact person and the contacts' CSV import, the personal-data
search. Never a server error; a refusal says why in Swedish and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import event, example, given
from hypothesis import strategies as st

from municipalities.models import Contact
from surveys.models import Invitation, SurveyRound
from tests.property.hostile import (
    assert_shown,
    assert_swedish,
    csv_file,
    delimiters,
    encodings,
    field_value,
    form_messages,
    hostile_text,
    last,
    posted,
    stored,
    tampered,
)
from tests.surveys.helpers import answering_round, invite


@pytest.fixture
def staff(client_of, alice, municipality, other_municipality):
    """Alice, with a round of 2025 to compare with and two municipalities."""
    answering_round()
    return client_of(alice)


def refused_unchanged(reply, before: dict, form_name: str = "form") -> None:
    event("refused")
    assert reply.status_code == 200, reply.status_code
    assert_shown(reply, form_messages(reply.context[form_name]))
    assert stored() == before


NEW_ROUND = {
    "year": "2026",
    "questionnaire": "QUESTIONNAIRE",
    "opens_on": "2026-03-01",
    "closes_on": "2026-04-30",
    "previous_round": "PREVIOUS",
}


@given(data=posted(NEW_ROUND))
@example(data=NEW_ROUND | {"year": "2025", "opens_on": "2025-03-01", "closes_on": "2025-04-30"})
@example(data=NEW_ROUND | {"opens_on": "2026-05-01"})  # after it closes
@example(data=NEW_ROUND | {"opens_on": "0001-01-01", "closes_on": "9999-12-31"})
@example(data=NEW_ROUND | {"year": "2100", "opens_on": "9999-12-30", "closes_on": "9999-12-31"})
def test_a_new_round_is_created_as_asked_or_refused_with_reasons(staff, each_example, data):
    existing = SurveyRound.objects.get(year=2025)
    ids = {"QUESTIONNAIRE": str(existing.questionnaire_id), "PREVIOUS": str(existing.pk)}
    data = {
        name: ids.get(value, value) if isinstance(value, str) else value
        for name, value in data.items()
    }
    with each_example():
        before = stored()
        reply = staff.post("/omgangar/ny/", data)

        if reply.status_code == 302:
            assert SurveyRound.objects.filter(year=int(last(data["year"]))).exists()
            for page in (reply["Location"], "/omgangar/", reply["Location"] + "inbjudningar/"):
                assert staff.get(page).status_code == 200
        else:
            refused_unchanged(reply, before)


@given(
    url=st.sampled_from(["paminn-ej-paborjade", "paminn-utkast"]),
    target=st.one_of(
        st.sampled_from(
            [
                "/omgangar/2025/inbjudningar/?status=draft",
                "https://evil.example/",
                "//evil.example/",
                "/\\evil.example/",
                "javascript:alert(1)",
                "\x00//evil.example",
                " //evil.example",
            ]
        ),
        hostile_text(2),
    ),
)
def test_reminders_send_staff_back_to_a_page_of_this_site_only(staff, each_example, url, target):
    with each_example():
        reply = staff.post(f"/omgangar/2025/inbjudningar/{url}/", {"next": target})

        assert reply.status_code == 302
        location = reply["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\"))


@given(
    params=st.dictionaries(
        st.sampled_from(["status", "county", "size", "q", "sort", "order", "page"]), field_value()
    )
)
@example(params={"county": "\x00"})
@example(params={"q": "\x00", "status": "not-invited"})
@example(params={"sort": "answered", "order": "desc", "page": "99999999999999999999"})
@example(params={"size": "100000-", "sort": "__class__", "order": "\x00"})
def test_the_lists_filter_whatever_the_query_says(staff, each_example, params):
    with each_example():
        for url in ("/omgangar/2025/inbjudningar/", "/kommuner/"):
            reply = staff.get(url, params)

            assert reply.status_code == 200
            for message in form_messages(reply.context["form"]):
                assert_swedish(message)
        for export in ("kommuner.csv", "kommuner.xlsx"):
            assert staff.get(f"/omgangar/2025/inbjudningar/{export}", params).status_code == 200


@given(
    url=st.sampled_from(["skicka", "paminn-ej-paborjade", "paminn-utkast"]),
    target=st.one_of(
        st.sampled_from(["https://evil.example/", "//evil.example/", "javascript:alert(1)"]),
        hostile_text(2),
    ),
)
def test_a_mail_confirmation_asks_first_and_points_only_at_this_site(
    staff, each_example, url, target
):
    with each_example():
        before = stored()
        reply = staff.get(f"/omgangar/2025/inbjudningar/{url}/", {"next": target})

        assert reply.status_code == 200
        assert stored() == before
        back, kept = reply.context["back"], reply.context.get("next", "")
        for address in (back, kept):
            assert not address or (address.startswith("/") and not address.startswith("//"))


@given(
    target=st.one_of(st.sampled_from(["//evil.example/", "https://evil.example/"]), hostile_text(2))
)
def test_a_reminder_to_one_sends_staff_back_to_this_site_only(staff, invited, each_example, target):
    with each_example():
        reply = staff.post(f"/omgangar/2025/inbjudningar/{invited.pk}/paminn/", {"next": target})

        assert reply.status_code == 302
        location = reply["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\"))


@given(data=posted({"name": "  Åsa Öberg ", "email": "asa@kommun.example", "title": ""}))
def test_a_contact_person_is_saved_as_given_or_refused_with_reasons(
    staff, municipality, each_example, data
):
    with each_example():
        before = stored()
        reply = staff.post("/kommuner/9001/kontakt/", data)

        if reply.status_code == 302:
            contact = Contact.objects.get(municipality=municipality)
            assert (contact.name, contact.email) == (
                last(data["name"]).strip(),
                last(data["email"]).strip(),
            )
        else:
            refused_unchanged(reply, before)


@pytest.fixture
def invited(staff, municipality) -> Invitation:
    return invite(SurveyRound.objects.get(year=2025), municipality)


@given(data=posted({"name": "Eva Ek", "email": "eva@kommun.example", "update_contact": "on"}))
@example(data={"name": "Eva\r\nBcc: x@evil.example", "email": "eva@kommun.example"})
@example(data={"name": "Eva", "email": "eva@kommun.example\n"})
def test_a_corrected_recipient_is_saved_as_given_or_refused_with_reasons(
    staff, invited, municipality, each_example, data
):
    address = f"/omgangar/2025/inbjudningar/{invited.pk}/mottagare/"
    with each_example():
        before = stored()
        reply = staff.post(address, data)

        if reply.status_code == 302:
            corrected = Invitation.objects.get(municipality=municipality, revoked_at__isnull=True)
            assert (corrected.recipient_name, corrected.recipient_email) == (
                last(data["name"]).strip(),
                last(data["email"]).strip(),
            )
        else:
            refused_unchanged(reply, before)


CONTACT = ["municipality_code", "name", "email", "title"]
contact_rows = st.lists(
    st.sampled_from(["9001", "9002", "0000", ""]).flatmap(
        lambda code: tampered([code, "Karin Ek", "karin@kommun.example", "Kommunchef"])
    ),
    max_size=4,
)
good_contacts = st.lists(st.sampled_from(["9001", "9002"]), min_size=1, unique=True).map(
    lambda codes: [CONTACT] + [[code, "Karin Ek", f"k{code}@kommun.example", ""] for code in codes]
)
contact_files = st.one_of(
    st.binary(max_size=200),
    st.builds(
        csv_file,
        st.builds(lambda header, rows: [header, *rows], tampered(CONTACT), contact_rows),
        delimiters,
        encodings,
    ),
    st.builds(csv_file, good_contacts, delimiters, st.sampled_from(["utf-8", "utf-8-sig"])),
)
FILE_NAMES = ["kontakter.csv", "kontakter.xlsx", "😀.csv", "‮txt.csv", "x" * 300 + ".csv"]


@given(data=contact_files, name=st.sampled_from(FILE_NAMES))
@example(data=b"", name="tom.csv")
@example(
    data=csv_file([CONTACT, ["9001", "Ka\x00rin", "k@kommun.example", ""]], ",", "utf-8"),
    name="x.csv",
)
def test_the_contacts_import_takes_every_row_or_none_and_says_why(staff, each_example, data, name):
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    with each_example():
        before = stored()
        reply = staff.post("/kommuner/kontakter/import/", {"file": upload})
        event(f"HTTP {reply.status_code}")

        if reply.status_code == 302:
            assert Contact.objects.count() > 0
            return
        assert reply.status_code == 200
        report = reply.context["report"]
        problems = report.errors if report else form_messages(reply.context["form"])
        assert_shown(reply, problems)
        assert stored() == before


def test_an_import_without_a_file_says_a_file_is_needed(staff):
    reply = staff.post("/kommuner/kontakter/import/", {})

    assert_shown(reply, form_messages(reply.context["form"]))
    assert not Contact.objects.exists()


@given(data=posted({"email": "KARIN@kommun.example", "action": "search", "confirm": ""}))
@example(data={"email": "karin@kommun.example", "action": "erase"})
def test_the_personal_data_search_finds_or_says_why_and_erases_only_when_confirmed(
    staff, each_example, data
):
    with each_example():
        before = stored()
        reply = staff.post("/personuppgifter/", data)
        event(f"HTTP {reply.status_code}")

        if reply.status_code == 302:  # erased: only when asked for and confirmed
            assert last(data["action"]) == "erase"
            assert last(data["confirm"]) not in ("", "false", "False", "0")
        elif reply["Content-Type"].startswith("application/json"):
            assert last(data["action"]) == "export"
            assert stored() == before
        elif reply.context["form"].errors:
            refused_unchanged(reply, before)
        else:
            assert reply.status_code == 200
            assert stored() == before  # a search, or the question whether to erase
