import datetime
import time

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from municipalities.models import Municipality
from surveys import signals
from surveys.models import (
    Answer,
    AnswerChange,
    Indicator,
    Response,
    ResponseStatus,
    RoundStatus,
)
from surveys.services.imports import responses_import
from tests.factories import MunicipalityFactory, SurveyRoundFactory
from tests.surveys.helpers import CODES, HEADER, PERSON, csv_file, row

pytestmark = pytest.mark.django_db

LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".se"  # 259 characters, valid


def problems(report) -> list[str]:
    return [str(problem) for problem in report.errors]


@pytest.fixture
def closed_round(questionnaire, municipality, other_municipality):
    return SurveyRoundFactory(year=2007, questionnaire=questionnaire, status=RoundStatus.CLOSED)


def values_of(response: Response) -> dict[str, int | None]:
    return dict(response.answers.values_list("indicator__code", "value"))


def test_a_valid_file_imports_every_row_with_its_values(closed_round):
    values = ["1", "2", "vet ej", "4", "", *["2"] * 14]
    data = csv_file(
        row("9001", "Anna Ek", "anna@kommun-a.example", "IT-chef", values),
        row("9002", "Bo Ström", "bo@kommun-b.example", "Informatör"),
    )

    report = responses_import(survey_round=closed_round, data=data)

    assert problems(report) == []
    assert (report.imported, report.replaced) == (2, 0)
    anna = Response.objects.get(municipality__code="9001", round=closed_round)
    assert (anna.respondent_name, anna.respondent_email, anna.respondent_role) == (
        "Anna Ek",
        "anna@kommun-a.example",
        "it-chef",
    )
    answers = values_of(anna)
    assert [answers[code] for code in CODES[:6]] == [1, 2, None, 4, None, 2]
    assert len(answers) == 19
    bo = Response.objects.get(municipality__code="9002")
    assert bo.respondent_role == "informator"
    assert set(values_of(bo).values()) == {3}


def test_imported_responses_of_a_closed_round_are_submitted_on_its_last_day(closed_round):
    responses_import(survey_round=closed_round, data=csv_file(row()))

    response = Response.objects.get()
    assert response.status == ResponseStatus.SUBMITTED
    noon = timezone.make_aware(datetime.datetime(2007, 5, 31, 12))
    assert response.submitted_at == noon
    assert response.started_at == noon


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(closed_round):
    data = csv_file(
        row("9002"),
        row("1234"),
        row("9001", email="inte-en-adress"),
        row("9002"),
        row("9001", role="chef", values=["3"] * 18 + ["5"]),
    )

    report = responses_import(survey_round=closed_round, data=data)

    assert problems(report) == [
        "Rad 3: okänd kommunkod \u201d1234\u201d.",
        "Rad 4: ogiltig e-postadress \u201dinte-en-adress\u201d.",
        "Rad 5: Testkommun B (9002) finns redan på rad 2.",
        "Rad 6: Testkommun A (9001) finns redan på rad 4.",
        "Rad 6: okänd roll \u201dchef\u201d (giltiga: kommunchef, IT-chef, informatör, ekonom, "
        "administratör, övrig).",
        "Rad 6: IT4: ogiltigt värde \u201d5\u201d (ska vara 1–4, tomt eller vet ej).",
    ]
    assert report.imported == 0
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (row(code=""), "kommunkod saknas."),
        (row(name=""), "svarandens namn saknas."),
        (row(name="x" * 201), "namnet är längre än 200 tecken."),
        (row(email=""), "e-postadress saknas."),
        (row(email="anna@"), "ogiltig e-postadress \u201danna@\u201d."),
        (row(email=LONG_EMAIL), "e-postadressen är längre än 254 tecken."),
        (row(role=""), "roll saknas."),
        (row(values=["3"] * 18 + ["0"]), "IT4: ogiltigt värde \u201d0\u201d"),
        (row(values=["3,5"] + ["3"] * 18), "raden har 24 celler men rubrikraden har 23."),
        (row(values=["x"] + ["3"] * 18), "SL1: ogiltigt värde \u201dx\u201d"),
        (row(values=["3"] * 18), "raden har 22 celler men rubrikraden har 23."),
        (row() + ",3", "raden har 24 celler men rubrikraden har 23."),
    ],
)
def test_each_kind_of_bad_row_is_explained(closed_round, bad_row, message):
    report = responses_import(survey_round=closed_round, data=csv_file(bad_row))

    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(f"Rad 2: {message}")
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("kommunchef", "kommunchef"),
        ("Kommunchef", "kommunchef"),
        ("kommundirektör", "kommunchef"),
        ("it-chef", "it-chef"),
        ("IT-chef", "it-chef"),
        ("Informatör", "informator"),
        ("informatör / kommunikatör", "informator"),
        ("EKONOM", "ekonom"),
        ("Administratör", "administrator"),
        ("övrig", "ovrig"),
        ("ovrig", "ovrig"),
    ],
)
def test_roles_are_read_from_codes_or_swedish_labels(closed_round, role, code):
    report = responses_import(survey_round=closed_round, data=csv_file(row(role=role)))

    assert problems(report) == []
    assert Response.objects.get().respondent_role == code


@pytest.mark.parametrize("dont_know", ["", "vet ej", "Vet ej", "VET EJ", " vet  ej "])
def test_dont_know_is_empty_or_vet_ej_in_any_case(closed_round, dont_know):
    report = responses_import(
        survey_round=closed_round, data=csv_file(row(values=[dont_know] + ["2"] * 18))
    )

    assert problems(report) == []
    assert values_of(Response.objects.get())["SL1"] is None


def test_a_municipality_with_a_response_already_is_refused_without_replace(closed_round):
    responses_import(survey_round=closed_round, data=csv_file(row("9001")))

    report = responses_import(survey_round=closed_round, data=csv_file(row("9002"), row("9001")))

    assert problems(report) == [
        "Rad 3: Testkommun A (9001) har redan ett svar i omgång 2007. "
        "Importera med --replace för att ersätta det."
    ]
    assert Response.objects.count() == 1


def test_columns_may_come_in_any_order_and_any_case(closed_round):
    header = ",".join(reversed([*PERSON, *(code.lower() for code in CODES)]))
    line = ",".join(reversed(row("9001", values=["4", *["1"] * 18]).split(",")))

    report = responses_import(survey_round=closed_round, data=csv_file(line, header=header))

    assert problems(report) == []
    answers = values_of(Response.objects.get())
    assert (answers["SL1"], answers["IT4"]) == (4, 1)


def test_unknown_missing_and_duplicate_columns_are_named(closed_round):
    header = ",".join([*PERSON, *CODES[:-1], "SL1", "kommentar"])

    report = responses_import(survey_round=closed_round, data=csv_file(row(), header=header))

    assert problems(report)[:3] == [
        "Rad 1: Okända kolumner: kommentar.",
        "Rad 1: Kolumner som förekommer mer än en gång: SL1.",
        "Rad 1: Kolumner som saknas: IT4.",
    ]
    assert problems(report)[3].startswith("Rad 1: Rubrikraden ska innehålla: municipality_code,")
    assert not Response.objects.exists()


def test_a_semicolon_file_from_swedish_excel_with_a_bom_and_crlf_imports(closed_round):
    MunicipalityFactory(code="0114", name="Upplands Väsby")
    lines = [
        HEADER.replace(",", ";"),
        "114;Åsa Öberg;asa@upplandsvasby.example;Övrig;" + ";".join(["vet ej"] + ["2"] * 18),
        ";;;;;;;;;;;;;;;;;;;;;;",
    ]
    data = "\ufeff".encode() + "\r\n".join(lines).encode("utf-8") + b"\r\n"

    report = responses_import(survey_round=closed_round, data=data)

    assert problems(report) == []
    response = Response.objects.get()
    assert response.municipality.name == "Upplands Väsby"
    assert (response.respondent_name, response.respondent_role) == ("Åsa Öberg", "ovrig")
    assert values_of(response)["SL1"] is None


def test_a_file_that_is_not_utf8_is_refused_with_the_line(closed_round):
    data = csv_file(row("9001"), row("9002", name="Åsa Öberg")).decode().encode("cp1252")

    report = responses_import(survey_round=closed_round, data=data)

    assert problems(report) == [
        "Filen är inte UTF-8-kodad (ogiltigt tecken på rad 3). "
        "Spara den som \u201dCSV UTF-8\u201d och försök igen."
    ]
    assert not Response.objects.exists()


def test_a_file_with_a_nul_is_refused_as_not_utf8_with_the_line(closed_round):
    data = csv_file(row("9001"), row("9002", name="Åsa\x00Öberg"))

    report = responses_import(survey_round=closed_round, data=data)

    assert problems(report) == [
        "Filen är inte UTF-8-kodad (ogiltigt tecken på rad 3). "
        "Spara den som \u201dCSV UTF-8\u201d och försök igen."
    ]
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "Filen är tom."), (HEADER.encode(), "Filen har inga rader med svar.")],
)
def test_an_empty_file_is_refused(closed_round, data, message):
    assert problems(responses_import(survey_round=closed_round, data=data)) == [message]


def test_an_unreadable_csv_is_refused_with_the_line(closed_round):
    data = csv_file(row("9001"), row("9002", name="x" * 200_000))

    report = responses_import(survey_round=closed_round, data=data)

    assert problems(report) == [
        "Rad 3: ett fält är längre än 131072 tecken. Oftast saknas ett avslutande citattecken "
        '("), så att resten av filen läses som ett enda fält. Rätta raden och försök igen.'
    ]


def test_a_quoted_cell_spanning_lines_keeps_the_line_numbers_right(closed_round):
    """A name on two lines is refused (names are one line), on the line it starts on; the
    next row is still counted from the line it is really on."""
    data = csv_file(row("9001", name='"Anna\nEk"'), row("1234"))

    report = responses_import(survey_round=closed_round, data=data)

    assert problems(report) == [
        "Rad 2: namnet: Skriv texten på en rad, utan radbrytningar, tabbar eller andra "
        "osynliga styrtecken.",
        "Rad 4: okänd kommunkod \u201d1234\u201d.",
    ]


def test_replace_changes_the_answers_and_logs_each_change_as_the_import(closed_round):
    responses_import(survey_round=closed_round, data=csv_file(row("9001")))
    response = Response.objects.get()
    Answer.objects.filter(response=response, indicator__code="SL3").update(comment="Ungefär")
    submitted_at = response.submitted_at

    new_values = ["4", "3", "vet ej", *["3"] * 16]
    data = csv_file(row("9001", "Nils Nyman", "nils@kommun-a.example", "ekonom", new_values))
    report = responses_import(survey_round=closed_round, data=data, replace=True)

    assert problems(report) == []
    assert (report.imported, report.replaced) == (1, 1)
    response.refresh_from_db()
    assert (response.respondent_name, response.respondent_role) == ("Nils Nyman", "ekonom")
    assert response.submitted_at == submitted_at
    assert response.version == 2
    answers = {a.indicator.code: a for a in response.answers.select_related("indicator")}
    assert (answers["SL1"].value, answers["SL1"].version) == (4, 2)
    assert (answers["SL3"].value, answers["SL3"].comment) == (None, "")
    assert answers["SL2"].version == 1
    changes = {c.indicator.code: c for c in AnswerChange.objects.select_related("indicator")}
    assert set(changes) == {"SL1", "SL3"}
    assert (changes["SL1"].old_state, changes["SL1"].new_state) == ("3", "4")
    assert (changes["SL3"].old_state, changes["SL3"].new_state) == ("3", "dk")
    assert changes["SL3"].old_comment == "Ungefär"
    assert {c.changed_by_name for c in changes.values()} == {"import"}
    assert all(c.after_submission for c in changes.values())


@pytest.mark.usefixtures("municipality", "other_municipality")
def test_replace_completes_a_draft_and_still_imports_new_municipalities(open_round):
    draft = Response.objects.create(
        round=open_round, municipality=Municipality.objects.get(code="9001")
    )
    sl1 = Indicator.objects.get(code="SL1")
    Answer.objects.create(response=draft, indicator=sl1, value=1)

    report = responses_import(
        survey_round=open_round, data=csv_file(row("9001"), row("9002")), replace=True
    )

    assert (report.imported, report.replaced) == (2, 1)
    draft.refresh_from_db()
    assert draft.status == ResponseStatus.SUBMITTED
    assert set(values_of(draft).values()) == {3}
    assert AnswerChange.objects.filter(response=draft).count() == 19
    assert not AnswerChange.objects.filter(response=draft, after_submission=True).exists()


@pytest.fixture
def sent_signals():
    sent = []

    def receiver(signal, sender, response, **kwargs):
        sent.append((signal, response.municipality.code))

    for signal in (signals.response_submitted, signals.response_changed):
        signal.connect(receiver, weak=False)
    yield sent
    for signal in (signals.response_submitted, signals.response_changed):
        signal.disconnect(receiver)


@pytest.mark.usefixtures("municipality", "other_municipality")
def test_an_open_round_hears_of_each_imported_response_once(
    open_round, sent_signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        responses_import(survey_round=open_round, data=csv_file(row("9001"), row("9002")))

    assert sorted(sent_signals, key=lambda s: s[1]) == [
        (signals.response_submitted, "9001"),
        (signals.response_submitted, "9002"),
    ]
    response = Response.objects.get(municipality__code="9001")
    assert timezone.now() - response.submitted_at < datetime.timedelta(minutes=1)


@pytest.mark.usefixtures("municipality", "other_municipality")
def test_a_replaced_submitted_response_in_an_open_round_is_announced_as_changed(
    open_round, sent_signals, django_capture_on_commit_callbacks
):
    responses_import(survey_round=open_round, data=csv_file(row("9001")))

    with django_capture_on_commit_callbacks(execute=True):
        responses_import(
            survey_round=open_round, data=csv_file(row("9001", name="B")), replace=True
        )

    assert sent_signals == [(signals.response_changed, "9001")]


def test_a_closed_round_sends_no_signals(
    closed_round, sent_signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = responses_import(survey_round=closed_round, data=csv_file(row()))

    assert report.imported == 1
    assert sent_signals == []


@pytest.mark.parametrize("status", [RoundStatus.DRAFT, RoundStatus.PUBLISHED])
def test_rounds_in_any_state_take_an_import(questionnaire, municipality, status):
    survey_round = SurveyRoundFactory(year=2006, questionnaire=questionnaire, status=status)

    report = responses_import(survey_round=survey_round, data=csv_file(row()))

    assert problems(report) == []
    assert survey_round.responses.get().status == ResponseStatus.SUBMITTED


def test_the_command_imports_and_says_how_many(closed_round, tmp_path, capsys):
    path = tmp_path / "svar-2007.csv"
    path.write_bytes(csv_file(row("9001"), row("9002")))

    call_command("import_responses", "--round", "2007", str(path))

    assert (
        "Round 2007: 2 response(s) imported from svar-2007.csv, 0 of them"
        in capsys.readouterr().out
    )
    assert closed_round.responses.count() == 2


def test_the_command_prints_every_error_and_fails(closed_round, tmp_path, capsys):
    path = tmp_path / "svar-2007.csv"
    path.write_bytes(csv_file(row("1234"), row("9002", email="x")))

    with pytest.raises(CommandError, match="2 error"):
        call_command("import_responses", "--round", "2007", str(path))

    assert capsys.readouterr().err.splitlines() == [
        "Rad 2: okänd kommunkod \u201d1234\u201d.",
        "Rad 3: ogiltig e-postadress \u201dx\u201d.",
    ]
    assert not Response.objects.exists()


def test_the_command_replaces_only_when_asked(closed_round, tmp_path, capsys):
    path = tmp_path / "svar-2007.csv"
    path.write_bytes(csv_file(row("9001")))
    call_command("import_responses", "--round", "2007", str(path))

    with pytest.raises(CommandError):
        call_command("import_responses", "--round", "2007", str(path))
    call_command("import_responses", "--round", "2007", "--replace", str(path))

    assert (
        "1 response(s) imported from svar-2007.csv, 1 of them replacing" in capsys.readouterr().out
    )


@pytest.mark.parametrize(
    ("year", "path", "message"),
    [(1999, "svar.csv", "no round for 1999"), (2007, "saknas.csv", "No such file")],
)
def test_the_command_refuses_a_missing_round_or_file(closed_round, tmp_path, year, path, message):
    (tmp_path / "svar.csv").write_bytes(csv_file(row()))

    with pytest.raises(CommandError, match=message):
        call_command("import_responses", "--round", str(year), str(tmp_path / path))


def test_all_290_municipalities_import_quickly_in_few_queries(
    questionnaire, django_assert_max_num_queries
):
    call_command("load_municipalities")
    call_command("load_questionnaire")
    survey_round = SurveyRoundFactory(
        year=2007, questionnaire=questionnaire, status=RoundStatus.CLOSED
    )
    codes = Municipality.objects.values_list("code", flat=True)
    rows = [row(code, email=f"chef@{code}.example", values=["2"] * 19) for code in codes]
    data = csv_file(*rows)

    started = time.monotonic()
    with django_assert_max_num_queries(12):
        report = responses_import(survey_round=survey_round, data=data)
    elapsed = time.monotonic() - started

    assert (report.imported, problems(report)) == (290, [])
    assert Answer.objects.filter(response__round=survey_round).count() == 290 * 19
    assert elapsed < 2
