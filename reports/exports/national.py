"""The national report's exports: the national table as rows (`export_national`, open
data), the report as workbook sheets, every group's figure as open data, and the PDF."""

from dataclasses import replace

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from common.pdf import render_pdf
from reports.exports.sheets import Cell, Sheet
from reports.selectors.national import Breakdown, Figure, NationalReport, NationalTable


def national_rows(table: NationalTable) -> Sheet:
    """`level,code,all_PREV,all_YEAR,panel_PREV,panel_YEAR`, in the published order;
    panel is the same-respondent panel."""
    previous, year = table.header_years
    header = ["level", "code", f"all_{previous}", f"all_{year}"]
    header += [f"panel_{previous}", f"panel_{year}"]
    rows: list[list[Cell]] = [
        [row.level, row.code, *(figure.mean for figure in row.figures)] for row in table.rows
    ]
    return Sheet(title="national", header=header, rows=rows)


def _mean_and_n(figure: Figure) -> list[Cell]:
    return [figure.mean, figure.n if figure.mean is not None else None]


def _table_sheet(table: NationalTable) -> Sheet:
    previous, year = table.header_years
    header = [_("Nivå"), _("Kod"), _("Namn")]
    for population in (_("alla"), _("samma svarande")):
        for period in (previous, year):
            header += [f"{period} {population}", "n"]
    header += [_("Förändring, alla"), _("Förändring, samma svarande")]
    rows: list[list[Cell]] = []
    for row in table.rows:
        cells: list[Cell] = [row.level, row.code, row.name]
        for figure in row.figures:
            cells += _mean_and_n(figure)
        rows.append([*cells, row.raw_change, row.panel_change])
    return Sheet(_("Riksmedel"), header, rows, widths={2: 60})


def _participation_sheet(report: NationalReport) -> Sheet:
    """Who answered; which of them had the same respondent, in the internal version."""
    overlap = report.overlap
    previous, year = report.table.header_years
    groups = [
        (_("Bara %(year)s") % {"year": previous}, overlap.previous_only),
        (_("Båda omgångarna"), overlap.both),
        (_("Bara %(year)s") % {"year": year}, overlap.current_only),
    ]
    rows: list[list[Cell]] = [
        [
            label,
            participant.code,
            participant.name,
            _("ja") if participant.same_respondent and report.viewer_is_staff else "",
        ]
        for label, participants in groups
        for participant in participants
    ]
    header = [_("Svarade"), _("Kommunkod"), _("Kommun"), _("Samma svarande")]
    return Sheet(_("Deltagande"), header, rows, widths={0: 20, 2: 30})


def _distribution_sheet(report: NationalReport) -> Sheet:
    header = [_("Placering"), _("Kommunkod"), _("Kommun"), _("Totalt")]
    rows: list[list[Cell]] = [
        [placing.rank, placing.code, placing.name, placing.score] for placing in report.distribution
    ]
    return Sheet(_("Fördelning"), header, rows, widths={2: 30})


def _breakdown_sheet(breakdown: Breakdown) -> Sheet:
    header = [breakdown.title]
    for column in breakdown.columns:
        header += [column.code, "n"]
    rows: list[list[Cell]] = []
    for row in breakdown.rows:
        cells: list[Cell] = [row.label]
        for figure in row.figures:
            cells += _mean_and_n(figure)
        rows.append(cells)
    return Sheet(breakdown.title, header, rows, widths={0: 30})


def national_report_sheets(report: NationalReport, *, note: str = "") -> list[Sheet]:
    """The national report as a workbook: the table with n, who answered, the municipal
    totals, and the breakdowns; `note` stands on every sheet."""
    sheets = [
        _table_sheet(report.table),
        _participation_sheet(report),
        _distribution_sheet(report),
        *(_breakdown_sheet(breakdown) for breakdown in report.breakdowns),
    ]
    return [replace(sheet, note=note) for sheet in sheets]


def group_rows(report: NationalReport) -> Sheet:
    """Open data: every group's figure in the report, one row per group and code:
    `dimension,group,group_label,code,mean,n`; a hidden figure has no mean."""
    header = ["dimension", "group", "group_label", "code", "mean", "n"]
    rows: list[list[Cell]] = [
        ["nation", "", str(_("Riket")), row.code, row.all_current.mean, row.all_current.n]
        for row in report.table.rows
    ]
    for breakdown in report.breakdowns:
        for row in breakdown.rows:
            rows += [
                [breakdown.dimension, row.key, row.label, column.code, figure.mean, figure.n]
                for column, figure in zip(breakdown.columns, row.figures, strict=True)
            ]
    return Sheet(title="groups", header=header, rows=rows)


def national_pdf(request: HttpRequest, context: dict) -> bytes:
    """The report as a PDF (its SVG distribution in `context`: the PDF runs no JavaScript)."""
    html = render_to_string(
        "reports/national_pdf.html",
        context | {"generated_at": timezone.localtime()},
        request=request,
    )
    return render_pdf(html)
