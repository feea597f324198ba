"""A municipality's dashboard as a workbook (numbers stay numbers, full precision shown with
one decimal) and as a PDF (the page's tables and observations; the cornerstones drawn as
plain HTML/CSS bars, the other charts left out: their tables carry the same numbers)."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from common.pdf import render_pdf
from reports.exports.sheets import Cell, Sheet, xlsx_bytes
from reports.models import TOTAL_CODE, Level
from reports.presentation import figure_remark
from reports.selectors.dashboard import Dashboard, Score
from reports.selectors.national import EMPTY
from reports.selectors.reference import PUBLISHED_LABEL

NUMBER_FORMAT = "0.0"


def _own(score: Score, value: float | None, dont_know: bool) -> Cell:
    if dont_know:
        return _("vet ej")
    if value is not None and score.level == Level.INDICATOR:
        return round(value)
    return value


def _scores_sheet(dashboard: Dashboard) -> Sheet:
    year, previous = dashboard.survey_round.year, dashboard.previous_year or ""
    header = [_("Nivå"), _("Kod"), _("Namn"), _("Er kommun %(year)s") % {"year": year}]
    header += [_("Er kommun %(year)s") % {"year": previous}, _("Förändring")]
    header += [_("Riket %(year)s") % {"year": year}, _("Riket, n"), _("Plats"), _("Antal")]
    header += [_("Andel övriga kommuner under, %"), _("Anmärkning")]
    rows: list[list[Cell]] = [
        [
            str(Level(score.level).label),
            score.code,
            score.name,
            score.value,
            score.previous,
            score.change,
            score.nation.mean,
            score.nation.n,
            score.rank,
            score.ranked,
            score.percentile,
            figure_remark(score.nation),
        ]
        for score in [*dashboard.cornerstones, dashboard.total]
    ]
    return Sheet(_("Resultat"), header, rows, NUMBER_FORMAT, widths={2: 45, 11: 30})


def _indicators_sheet(dashboard: Dashboard) -> Sheet:
    year, previous = dashboard.survey_round.year, dashboard.previous_year or ""
    header = [_("Kod"), _("Fråga"), _("Er kommun %(year)s") % {"year": year}]
    header += [_("Er kommun %(year)s") % {"year": previous}, _("Riket %(year)s") % {"year": year}]
    header += [_("Riket, n"), _("Anmärkning")]
    rows: list[list[Cell]] = [
        [
            score.code,
            score.name,
            _own(score, score.value, score.dont_know),
            _own(score, score.previous, score.previous_dont_know),
            score.nation.mean,
            score.nation.n,
            figure_remark(score.nation),
        ]
        for score in dashboard.indicators
    ]
    return Sheet(_("Indikatorer"), header, rows, NUMBER_FORMAT, widths={1: 70, 6: 30})


def _peers_sheet(dashboard: Dashboard) -> Sheet:
    header = [_("Grupp"), _("Avser"), _("Kod"), _("Medelvärde"), "n", _("Anmärkning")]
    scores = [*dashboard.cornerstones, dashboard.total]
    groups = [(_("Riket"), "", {score.code: score.nation for score in scores})]
    groups += [(peer.title, peer.label, peer.figures) for peer in dashboard.peers]
    rows: list[list[Cell]] = []
    for title, label, figures in groups:
        for score in scores:
            figure = figures.get(score.code, EMPTY)
            rows.append([title, label, score.code, figure.mean, figure.n, figure_remark(figure)])
    return Sheet(_("Jämförelsegrupper"), header, rows, NUMBER_FORMAT, widths={0: 22, 1: 40})


def _trend_sheet(dashboard: Dashboard) -> Sheet:
    codes = [score.code for score in dashboard.cornerstones]
    header = [_("År"), _("Källa"), *codes, _("Er kommun totalt"), _("Riket totalt"), _("Riket, n")]
    rows: list[list[Cell]] = [
        [
            point.year,
            str(PUBLISHED_LABEL) if point.published else _("Beräknat"),
            *(point.own.get(code) for code in [*codes, TOTAL_CODE]),
            point.nation.mean,
            point.nation.n or None,
        ]
        for point in dashboard.trend
    ]
    return Sheet(_("Utveckling"), header, rows, NUMBER_FORMAT, widths={1: 28})


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    return xlsx_bytes(
        [
            _scores_sheet(dashboard),
            _indicators_sheet(dashboard),
            _peers_sheet(dashboard),
            _trend_sheet(dashboard),
        ]
    )


def dashboard_pdf(request: HttpRequest, context: dict) -> bytes:
    html = render_to_string(
        "reports/dashboard_pdf.html",
        context | {"generated_at": timezone.localtime()},
        request=request,
    )
    return render_pdf(html)
