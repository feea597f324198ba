"""The dashboard as PDF and Excel: the same figures, for the same viewers."""

import io

import pytest
from openpyxl import load_workbook

from tests.reports.helpers import dashboard_url

pytestmark = pytest.mark.django_db


def test_excel_has_the_figures_as_numbers(rounds, bob, client_of):
    response = client_of(bob).get(dashboard_url(name="dashboard_excel"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="e-mognad-resultat-2025-9001.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Resultat", "Indikatorer", "Jämförelsegrupper", "Utveckling"]
    results = {row[1]: row for row in workbook["Resultat"].iter_rows(min_row=2, values_only=True)}
    total = results["TOTAL"]
    own, previous, change, nation, n, rank, ranked, percentile = total[3:11]
    assert (own, previous, change, n, rank, ranked, percentile) == (2.5, 2.0, 0.5, 3, 2, 3, 50.0)
    assert nation == pytest.approx(8 / 3)
    indicators = {row[0]: row for row in workbook["Indikatorer"].iter_rows(values_only=True)}
    assert indicators["SL1"][2:6] == (4, 2, 3.0, 3)
    assert indicators["IT2"][2] == "vet ej"


def test_excel_leaves_hidden_groups_empty_for_members(rounds, bob, client_of):
    workbook = load_workbook(
        io.BytesIO(client_of(bob).get(dashboard_url(name="dashboard_excel")).content)
    )

    peers = list(workbook["Jämförelsegrupper"].iter_rows(min_row=2, values_only=True))
    size_band_total = next(
        row for row in peers if row[0] == "Samma storleksklass" and row[2] == "TOTAL"
    )
    # Two responses, fewer than 3: never released, so not even its n.
    assert size_band_total[3:] == (None, 0, "inte släppt ännu")
    skr_total = next(row for row in peers if row[0] == "Samma kommungrupp" and row[2] == "TOTAL")
    assert skr_total[3] == pytest.approx(8 / 3)
    trend = list(workbook["Utveckling"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in trend] == [2024, 2025]
    assert trend[1][2:7] == (3.0, 4.0, 2.0, 1.0, 2.5)


def test_pdf_is_a_pdf_named_for_the_municipality(rounds, bob, client_of):
    response = client_of(bob).get(dashboard_url(name="dashboard_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="e-mognad-resultat-2025-9001.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_the_pdf_shows_the_tables_and_observations(rounds, bob, client_of, monkeypatch):
    """The HTML WeasyPrint is given: reading text back out of a PDF is not worth a dependency."""
    rendered = {}

    def capture(request, context):
        from django.template.loader import render_to_string

        rendered["html"] = render_to_string("reports/dashboard_pdf.html", context, request)
        return b"%PDF-1.7 test"

    monkeypatch.setattr("reports.views.dashboard.pdf_bytes", capture)

    client_of(bob).get(dashboard_url(name="dashboard_pdf"))

    html = rendered["html"]
    assert "Ert totalvärde: 2,5." in html
    assert "Riket: 2,7 (n\u00a0=\u00a03)." in html
    assert "Sedan 2024 har ert totalvärde ökat från 2,0 till 2,5." in html
    assert "dold (n\u00a0=\u00a02)" in html
    assert 'class="bar bar-own" style="width: 75%"' in html  # Styrning och ledning: 3,0 of 4
