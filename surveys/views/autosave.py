"""The answering page's autosave: the same POST as the page's Save button, sent by its
script (static/js/autosave.js), which reads JSON rather than a page.

`answering.answer_view` is the one place that tells the two apart (common.http.wants_json)
and hands the autosave's requests here: a cornerstone's answers saved, or why not (400
for answers to correct, 409 for a conflict or a response nobody has started, 403 for a
round that takes no answers), each with a Swedish message the page shows as it is.
"""

from django.http import HttpRequest, JsonResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from surveys.access import AnswerAccess, answer_page, editor_where
from surveys.answer_forms import CornerstoneForm, answer_fingerprint
from surveys.errors import EditConflictError, RoundClosedError, StartFirstError, SurveyError
from surveys.selectors.answering import CornerstonePage, Progress, response_progress
from surveys.services.answering import SaveResult, answers_save
from surveys.views.conflicts import conflict_report


def cornerstone_autosave(request: HttpRequest, access: AnswerAccess, number: int) -> JsonResponse:
    """The page's answers saved as they are typed. A comment whose question has no answer
    yet waits for it rather than being refused (the page keeps it and sends it again)."""
    response, page = answer_page(access, number)
    form = CornerstoneForm(request.POST, page=page)
    editor = editor_where(request, access.editor)
    if form.is_valid():
        try:
            saved = answers_save(
                response=response, editor=editor, answers=form.changed_answers(), comments_wait=True
            )
        except EditConflictError as error:
            report = conflict_report(response, error.conflicts, editor)
            payload = {"conflict": True, "message": report.message, "conflicts": report.details}
            return _not_saved(payload, status=409)
        except RoundClosedError:
            raise
        except SurveyError as error:
            form.add_error(None, error)
        else:
            return _saved(access, page, saved)
    errors = [{"field": field, "message": message} for field, message in form.error_list()]
    message = _("Inget sparades: rätta det som är markerat.")
    return _not_saved({"message": message, "errors": errors}, status=400)


def autosave_refused(error: RoundClosedError | StartFirstError) -> JsonResponse:
    """A round that takes no answers, or a response nobody has said who answers for."""
    if isinstance(error, StartFirstError):
        return _not_saved({"message": _("Ange först vem som svarar. Ladda om sidan.")}, status=409)
    return _not_saved({"closed": True, "message": " ".join(error.messages)}, status=403)


def _saved(access: AnswerAccess, page: CornerstonePage, saved: SaveResult) -> JsonResponse:
    """The page's new versions and progress, from the answers the save had in hand."""
    codes = [row.indicator.code for row in page.rows]
    answers = {code: saved.answers[code] for code in codes if code in saved.answers}
    progress = response_progress(
        survey_round=access.survey_round, response=None, answered=len(saved.answers)
    )
    saved_at = formats.time_format(timezone.localtime(), "H:i")
    message = _("Sparat %(time)s") % {"time": saved_at}
    if saved.waiting:
        message += " " + _(
            "Kommentaren till %(codes)s sparas när du har valt ett svar på frågan."
        ) % {"codes": ", ".join(saved.waiting)}
    return JsonResponse(
        {
            "saved": True,
            "versions": {code: answer.version for code, answer in answers.items()},
            "fingerprints": {code: answer_fingerprint(answer) for code, answer in answers.items()},
            "progress": _progress(progress),
            "saved_at": saved_at,
            "waiting": saved.waiting,
            "message": message,
        }
    )


def _progress(progress: Progress) -> dict:
    return {
        "answered": progress.answered,
        "total": progress.total,
        "percent": progress.percent,
        "text": progress.text,
    }


def _not_saved(payload: dict, *, status: int) -> JsonResponse:
    return JsonResponse({"saved": False} | payload, status=status)
