"""The contacts' CSV import, called as the page calls it: every bad row reported by its line
in Swedish and nothing imported, or every row imported as written."""

from hypothesis import event, given
from hypothesis import strategies as st

from municipalities.models import Contact
from municipalities.services import contacts_import
from tests.factories import MunicipalityFactory
from tests.property.hostile import assert_swedish, csv_file, delimiters, stored

HEADER = ["municipality_code", "name", "email", "title"]
CODES = ["9001", "9002", "9003", "9004"]
BAD = {  # column -> values that make a row bad
    0: ["0000", "", "=1+1", "9001 x"],
    1: ["", "x" * 201],
    2: ["", "inte-en-adress", "a@b", "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".se"],
    3: ["x" * 101],
}
bad_cells = st.sampled_from(list(BAD)).flatmap(
    lambda column: st.tuples(st.just(column), st.sampled_from(BAD[column]))
)


@given(
    count=st.integers(1, len(CODES)),
    bad=st.dictionaries(st.integers(0, len(CODES) - 1), bad_cells, max_size=3),
    duplicate=st.booleans(),
    delimiter=delimiters,
)
def test_every_bad_contact_row_is_reported_by_its_line_and_nothing_is_imported(
    db, each_example, count, bad, duplicate, delimiter
):
    for code in CODES:
        MunicipalityFactory(code=code)
    body = [[code, f"Chef {code}", f"chef{code}@kommun.example", ""] for code in CODES[:count]]
    bad = {index: change for index, change in bad.items() if index < count}
    for index, (column, value) in bad.items():
        body[index][column] = value
    if duplicate:
        body.append(list(body[0]))
    data = csv_file([HEADER, *body], delimiter, "utf-8")
    with each_example():
        before = stored()
        report = contacts_import(data=data)
        event("refused" if report.errors else "imported")

        expected = {index + 2 for index in bad} | ({count + 2} if duplicate else set())
        assert {_line(problem) for problem in report.errors} == expected
        for problem in report.errors:
            assert_swedish(problem)
        if expected:
            assert report.imported == 0
            assert stored() == before
        else:
            assert report.imported == count
            assert sorted(Contact.objects.values_list("email", flat=True)) == sorted(
                row[2] for row in body
            )


def _line(problem: str) -> int:
    assert problem.startswith("Rad "), problem
    return int(problem.removeprefix("Rad ").split(":")[0])
