"""How an edit conflict is told: nothing was saved, who changed which question to what,
and the versions to take on so that saving again deliberately keeps one's own answers.
The same for the page after a full POST (answering.py) and for the autosave (autosave.py).
A change made in the same browser's other tab is told as such, not as someone else's."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from surveys.answer_forms import answer_fingerprint
from surveys.models import AnswerState, Response
from surveys.selectors.answering import LastEdit, answers_by_code, last_editors
from surveys.services.answering import Conflict, Editor


@dataclass(frozen=True)
class ConflictReport:
    message: str
    details: list[dict]


def conflict_report(
    response: Response, conflicts: list[Conflict], editor: Editor
) -> ConflictReport:
    details = _conflict_details(response, conflicts, editor)
    if all(item["own_tab"] for item in details):
        message = _(
            "Du har ändrat detta i en annan flik sedan du öppnade den här sidan. Inget skrevs över."
        )
    else:
        message = _(
            "Någon annan har ändrat samma frågor sedan du öppnade sidan. Inget skrevs över."
        )
    return ConflictReport(message, details)


def _conflict_details(response: Response, conflicts: list[Conflict], editor: Editor) -> list:
    indicators = [conflict.indicator for conflict in conflicts]
    current = answers_by_code(response=response, codes=[i.code for i in indicators])
    editors = last_editors(response=response, indicators=indicators)
    return [
        _conflict_detail(c, current.get(c.indicator.code), editors.get(c.indicator.code), editor)
        for c in conflicts
    ]


def _conflict_detail(conflict: Conflict, answer, last: LastEdit | None, editor: Editor) -> dict:
    """Their answer against the respondent's, and the version to take on to keep one's own."""
    code = conflict.indicator.code
    name = last.name if last else ""
    own_tab = last is not None and last.from_other_tab(browser=editor.browser, tab=editor.tab)
    values = {"name": name, "code": code, "theirs": str(AnswerState(conflict.theirs).label)}
    if own_tab:
        message = _(
            "Du har ändrat %(code)s till %(theirs)s i en annan flik sedan du öppnade den här sidan."
        )
    elif name:
        message = _(
            "Någon annan (%(name)s) har ändrat %(code)s till %(theirs)s sedan du öppnade sidan."
        )
    else:
        message = _("Någon annan har ändrat %(code)s till %(theirs)s sedan du öppnade sidan.")
    message %= values
    mine = str(AnswerState(conflict.mine).label) if conflict.mine else ""
    if mine:
        message += " " + _("Ditt svar: %(mine)s.") % {"mine": mine}
    return values | {
        "own_tab": own_tab,
        "message": message,
        "mine": mine,
        "question": conflict.indicator.localized("text"),
        "their_comment": conflict.their_comment,
        "version": answer.version if answer else 0,
        "was": answer_fingerprint(answer),
    }
