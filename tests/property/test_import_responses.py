"""import_responses under random and hostile files: all rows or none, every bad row
reported by its line in Swedish, never an unhandled exception, nothing stored when refused."""

import pytest
from django.core.management import CommandError, call_command
from hypothesis import event, example, given
from hypothesis import strategies as st

from surveys.models import Answer, Response, RoundStatus
from surveys.services.imports import responses_import
from tests.factories import MunicipalityFactory, SurveyRoundFactory
from tests.property.hostile import (
    assert_swedish,
    csv_file,
    delimiters,
    encodings,
    stored,
    tampered,
)
from tests.surveys.helpers import CODES, PERSON

MUNICIPALITIES = [f"90{n:02d}" for n in range(1, 7)]
LEVELS = ["1", "2", "3", "4", "", "vet ej", "VET EJ", " 2 "]
BAD_LEVELS = ["0", "5", "3.0", "=cmd|' /C calc'!A0", "tre", "1 2", "²"]


@pytest.fixture
def survey_round(db):
    for code in MUNICIPALITIES:
        MunicipalityFactory(code=code)
    return SurveyRoundFactory(year=2007, status=RoundStatus.CLOSED)


def good_row(code: str) -> st.SearchStrategy[list[str]]:
    person = [code, "Anna Ek", "anna@kommun.example", "kommunchef"]
    return st.lists(st.sampled_from(LEVELS), min_size=len(CODES), max_size=len(CODES)).map(
        lambda levels: person + levels
    )


hostile_rows = st.lists(
    st.sampled_from([*MUNICIPALITIES, "0114", "114", "9001 ", "", "=1+1"])
    .flatmap(good_row)
    .flatmap(tampered),
    max_size=5,
)
good_rows = st.lists(st.sampled_from(MUNICIPALITIES), min_size=1, unique=True).flatmap(
    lambda codes: st.tuples(*map(good_row, codes)).map(list)
)
hostile_files = st.one_of(
    st.binary(max_size=300),
    st.builds(
        csv_file,
        st.builds(lambda header, rows: [header, *rows], tampered(PERSON + CODES), hostile_rows),
        delimiters,
        encodings,
    ),
    st.builds(
        csv_file,
        good_rows.map(lambda rows: [PERSON + CODES, *rows]),
        delimiters,
        st.sampled_from(["utf-8", "utf-8-sig"]),
    ),
)


@given(data=hostile_files)
@example(data=b"\xff\xfe\x00")
@example(data=b'municipality_code\n"unterminated')
@example(  # a NUL in a good row: PostgreSQL refuses it in text
    data=csv_file(
        [PERSON + CODES, ["9001", "An\x00na", "a@kommun.example", "ekonom", *"1234"]], ",", "utf-8"
    )
)
def test_a_file_is_imported_whole_or_refused_whole_with_swedish_reasons(
    survey_round, each_example, data
):
    lines = data.count(b"\n") + 1
    with each_example():
        before = stored()
        report = responses_import(survey_round=survey_round, data=data)
        event("refused" if report.errors else "imported")

        for problem in report.errors:
            assert_swedish(str(problem))
            assert problem.line is None or 1 <= problem.line <= lines
        if report.errors:
            assert report.imported == 0
            assert stored() == before
        else:
            assert Response.objects.filter(round=survey_round).count() == report.imported > 0
            assert not Answer.objects.exclude(value__in=[1, 2, 3, 4]).exclude(value=None).exists()


@given(
    levels=st.lists(st.sampled_from(LEVELS), min_size=len(CODES), max_size=len(CODES)),
    count=st.integers(1, len(MUNICIPALITIES)),
    bad=st.dictionaries(
        st.integers(0, len(MUNICIPALITIES) - 1),
        st.tuples(st.integers(0, len(CODES) - 1), st.sampled_from(BAD_LEVELS)),
        max_size=3,
    ),
    duplicate=st.booleans(),
    delimiter=delimiters,
)
def test_every_bad_row_is_reported_by_its_line_and_nothing_is_imported(
    survey_round, each_example, levels, count, bad, duplicate, delimiter
):
    body = [[code, "Anna Ek", "anna@kommun.example", "IT-chef", *levels] for code in MUNICIPALITIES]
    body = body[:count]
    bad = {index: change for index, change in bad.items() if index < count}
    for index, (column, value) in bad.items():
        body[index][4 + column] = value
    if duplicate:
        body.append(body[0])
    data = csv_file([PERSON + CODES, *body], delimiter, "utf-8")
    with each_example():
        before = stored()
        report = responses_import(survey_round=survey_round, data=data)

        reported = {problem.line for problem in report.errors}
        expected = {index + 2 for index in bad} | ({count + 2} if duplicate else set())
        assert reported == expected
        for problem in report.errors:
            assert_swedish(str(problem))
        if expected:
            assert report.imported == 0
            assert stored() == before
        else:
            assert report.imported == count
            stored_levels = set(Answer.objects.values_list("value", flat=True))
            assert stored_levels == {_level(cell) for cell in levels}


def _level(cell: str) -> int | None:
    """What a good cell means: 1–4, or None for empty and "vet ej" in any case."""
    return int(cell) if cell.strip() in ("1", "2", "3", "4") else None


@given(data=hostile_files, replace=st.booleans())
def test_the_command_imports_or_fails_with_the_reasons_never_a_crash(
    survey_round, each_example, tmp_path, capsys, data, replace
):
    path = tmp_path / "svar.csv"
    path.write_bytes(data)
    with each_example():
        before = stored()
        try:
            call_command(
                "import_responses", "--round", "2007", str(path), *(["--replace"] * replace)
            )
        except CommandError as error:
            assert "nothing imported" in str(error)
            assert capsys.readouterr().err.strip()
            assert stored() == before
        else:
            assert "imported" in capsys.readouterr().out
