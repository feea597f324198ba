"""Reads for the respondent's pages: a cornerstone's questions with their answers and last
year's answers beside them, progress, and the review of the whole response."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from surveys.models import (
    Answer,
    AnswerChange,
    AnswerState,
    Cornerstone,
    Indicator,
    Response,
    ResponseKind,
    ResponseStatus,
    ScaleLevel,
    SurveyRound,
)


def state_of(answer: Answer | None) -> str:
    if answer is None:
        return AnswerState.UNANSWERED
    return AnswerState.DONT_KNOW if answer.value is None else str(answer.value)


def official_response(survey_round: SurveyRound, municipality: Municipality) -> Response | None:
    """The municipality's own response to the round, if anyone has started it."""
    return Response.objects.filter(
        round=survey_round, municipality=municipality, kind=ResponseKind.OFFICIAL
    ).first()


def unanswered_indicators(response: Response) -> list[Indicator]:
    """The questions of the response's questionnaire it has no answer to ("vet ej" is one)."""
    answered = response.answers.values("indicator")
    return list(
        Indicator.objects.filter(cornerstone__questionnaire_id=response.round.questionnaire_id)
        .exclude(pk__in=answered)
        .select_related("cornerstone")
    )


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0

    @property
    def text(self) -> str:
        return _("%(answered)d av %(total)d frågor besvarade") % {
            "answered": self.answered,
            "total": self.total,
        }


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    answer: Answer | None
    previous: str | None  # last round's AnswerState; None when there is nothing to compare
    labels: dict[str, str]  # the scale's labels by level, "1" -> "Inte alls"

    @property
    def state(self) -> str:
        return state_of(self.answer)

    @property
    def text(self) -> str:
        return self.indicator.localized("text")

    @property
    def answer_label(self) -> str:
        """ "3 – I stor omfattning", "vet ej" or "" for the unanswered."""
        if self.state in self.labels:
            return f"{self.state} – {self.labels[self.state]}"
        return capfirst(str(AnswerState(self.state).label)) if self.state else ""

    @property
    def previous_label(self) -> str:
        return str(AnswerState(self.previous).label) if self.previous else ""


@dataclass(frozen=True)
class CornerstonePage:
    cornerstone: Cornerstone
    number: int
    cornerstones: list[Cornerstone]
    rows: list[IndicatorRow]
    scale: list[ScaleLevel]

    @property
    def count(self) -> int:
        return len(self.cornerstones)

    @property
    def name(self) -> str:
        return self.cornerstone.localized("name")

    @property
    def scenario(self) -> str:
        return self.cornerstone.localized("scenario")

    @property
    def characteristics(self) -> list[str]:
        return self.cornerstone.localized("characteristics")

    @property
    def footnote(self) -> str:
        return self.cornerstone.localized("footnote")


@dataclass(frozen=True)
class ReviewSection:
    cornerstone: Cornerstone
    number: int
    rows: list[IndicatorRow]

    @property
    def name(self) -> str:
        return self.cornerstone.localized("name")


def round_cornerstones(*, survey_round: SurveyRound) -> list[Cornerstone]:
    return list(Cornerstone.objects.filter(questionnaire_id=survey_round.questionnaire_id))


def cornerstone_page(
    *,
    survey_round: SurveyRound,
    municipality: Municipality,
    response: Response | None,
    number: int,
) -> CornerstonePage | None:
    """The number-th cornerstone (from 1) with its rows, or None when there is no such page."""
    cornerstones = round_cornerstones(survey_round=survey_round)
    if not 1 <= number <= len(cornerstones):
        return None
    cornerstone = cornerstones[number - 1]
    indicators = list(cornerstone.indicators.order_by("order"))
    scale = _scale(survey_round)
    return CornerstonePage(
        cornerstone=cornerstone,
        number=number,
        cornerstones=cornerstones,
        rows=_rows(indicators, response, survey_round, municipality, scale),
        scale=scale,
    )


def review_sections(
    *, survey_round: SurveyRound, municipality: Municipality, response: Response | None
) -> list[ReviewSection]:
    indicators = list(
        Indicator.objects.filter(
            cornerstone__questionnaire_id=survey_round.questionnaire_id
        ).select_related("cornerstone")
    )
    scale = _scale(survey_round)
    rows = _rows(indicators, response, survey_round, municipality, scale)
    sections: list[ReviewSection] = []
    for row in rows:
        if not sections or sections[-1].cornerstone.pk != row.indicator.cornerstone_id:
            sections.append(ReviewSection(row.indicator.cornerstone, len(sections) + 1, []))
        sections[-1].rows.append(row)
    return sections


def _scale(survey_round: SurveyRound) -> list[ScaleLevel]:
    return list(
        ScaleLevel.objects.filter(questionnaire_id=survey_round.questionnaire_id).order_by("value")
    )


def _rows(indicators, response, survey_round, municipality, scale) -> list[IndicatorRow]:
    codes = [indicator.code for indicator in indicators]
    answers = answers_by_code(response=response, codes=codes) if response else {}
    previous = previous_states(survey_round=survey_round, municipality=municipality, codes=codes)
    labels = {str(level.value): level.localized("label") for level in scale}
    return [
        IndicatorRow(indicator, answers.get(indicator.code), previous.get(indicator.code), labels)
        for indicator in indicators
    ]


def answers_by_code(*, response: Response, codes: list[str]) -> dict[str, Answer]:
    answers = response.answers.filter(indicator__code__in=codes).select_related("indicator")
    return {answer.indicator.code: answer for answer in answers}


def previous_states(
    *, survey_round: SurveyRound, municipality: Municipality, codes: list[str]
) -> dict[str, str]:
    """Last round's submitted official answers of the municipality, joined on indicator code."""
    if survey_round.previous_round_id is None:
        return {}
    answers = Answer.objects.filter(
        response__round_id=survey_round.previous_round_id,
        response__municipality=municipality,
        response__kind=ResponseKind.OFFICIAL,
        response__status=ResponseStatus.SUBMITTED,
        indicator__code__in=codes,
    ).values_list("indicator__code", "value")
    return {code: state_of(Answer(value=value)) for code, value in answers}


def response_progress(
    *, survey_round: SurveyRound, response: Response | None, answered: int | None = None
) -> Progress:
    """How many questions are answered (counted, unless the caller has them in hand)."""
    total = Indicator.objects.filter(
        cornerstone__questionnaire_id=survey_round.questionnaire_id
    ).count()
    if answered is None:
        answered = response.answers.count() if response else 0
    return Progress(answered, total)


@dataclass(frozen=True)
class LastEdit:
    name: str
    browser: str  # digest of the session that saved it
    tab: str  # the page (tab) that saved it

    def from_other_tab(self, *, browser: str, tab: str) -> bool:
        """Saved by this browser, from another of its tabs: not "someone else"."""
        return bool(browser and self.browser == browser and self.tab != tab)


def last_editors(*, response: Response, indicators: list[Indicator]) -> dict[str, LastEdit]:
    """Who last changed each of these answers, and from where, by indicator code."""
    latest = AnswerChange.objects.filter(response=response, indicator=OuterRef("pk")).order_by(
        "-changed_at", "-pk"
    )
    rows = Indicator.objects.filter(pk__in=[i.pk for i in indicators]).annotate(
        editor=Subquery(latest.values("changed_by_name")[:1]),
        browser=Subquery(latest.values("changed_in_browser")[:1]),
        tab=Subquery(latest.values("changed_in_tab")[:1]),
    )
    return {row.code: LastEdit(row.editor or "", row.browser or "", row.tab or "") for row in rows}
