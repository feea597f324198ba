"""Forms of the respondent's pages: who answers, a cornerstone's answers, a hand-over."""

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.fields import OneLineField
from municipalities.models import Role
from surveys.models import Answer, AnswerState
from surveys.selectors.answering import CornerstonePage, IndicatorRow, state_of
from surveys.services.answering import AnswerInput

COMMENT_MAX = Answer._meta.get_field("comment").max_length
REASON_MAX = Answer._meta.get_field("change_reason").max_length
PARTS = ("state", "comment", "reason", "version", "was")
ANSWER_FIELD = re.compile(rf"^(?P<code>[^-]+)-(?:{'|'.join(PARTS)})$")
VERSION = re.compile(r"[0-9]+")  # not str.isdigit(), which takes "²" that int() refuses


class RespondentForm(forms.Form):
    name = OneLineField(label=gettext_lazy("Ditt namn"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("Din e-postadress"), max_length=254)
    role = forms.ChoiceField(
        label=gettext_lazy("Din roll"),
        choices=[("", gettext_lazy("Välj roll")), *Role.choices],
        help_text=gettext_lazy("Resultaten redovisas också per roll, utan namn."),
    )


class RespondentChangeForm(RespondentForm):
    """Who answers for the municipality from now on, and the respondent as the page showed
    them (a change made on an older page is refused, not written over a newer one)."""

    name = OneLineField(label=gettext_lazy("Svarandens namn"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("Svarandens e-postadress"), max_length=254)
    role = forms.ChoiceField(
        label=gettext_lazy("Svarandens roll"),
        choices=[("", gettext_lazy("Välj roll")), *Role.choices],
        help_text=gettext_lazy("Resultaten redovisas också per roll, utan namn."),
    )
    # No length limit: a tampered value is simply not the page as loaded (a conflict).
    loaded = forms.CharField(required=False, widget=forms.HiddenInput)


class HandOverForm(forms.Form):
    name = OneLineField(label=gettext_lazy("Kollegans namn"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("Kollegans e-postadress"), max_length=254)


def fingerprint(state: str, comment: str, reason: str) -> str:
    """What an answer looked like when the page was loaded: an answer the respondent has
    not touched is left out of the save, so it can neither conflict nor overwrite."""
    text = "\x1f".join(part.replace("\r\n", "\n").strip() for part in (state, comment, reason))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def answer_fingerprint(answer: Answer | None) -> str:
    if answer is None:
        return fingerprint("", "", "")
    return fingerprint(state_of(answer), answer.comment, answer.change_reason)


@dataclass
class IndicatorFields:
    row: IndicatorRow
    state: forms.BoundField
    comment: forms.BoundField
    reason: forms.BoundField
    version: forms.BoundField
    was: forms.BoundField


class CornerstoneForm(forms.Form):
    """One cornerstone's answers: per indicator a level or "vet ej", a comment, a reason for
    a changed level, and the version and fingerprint of the answer as it was loaded."""

    def __init__(self, data=None, *, page: CornerstonePage, read_only: bool = False) -> None:
        super().__init__(data)
        self.page = page
        self.codes = [row.indicator.code for row in page.rows]
        choices = [
            (str(level.value), f"{level.value} – {level.localized('label')}")
            for level in page.scale
        ]
        choices.append((AnswerState.DONT_KNOW, _("Vet ej")))
        for row in page.rows:
            self._add_fields(row, choices)
        for field in self.fields.values():
            field.disabled = read_only

    def _add_fields(self, row: IndicatorRow, choices: list[tuple[str, str]]) -> None:
        code, answer = row.indicator.code, row.answer
        self.fields[f"{code}-state"] = forms.ChoiceField(
            choices=choices,
            required=False,
            initial=row.state,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            error_messages={"invalid_choice": _("Välj en av nivåerna 1–4 eller ”Vet ej”.")},
        )
        self.fields[f"{code}-comment"] = _text_field(
            _("Kommentar (frivillig)"), COMMENT_MAX, answer.comment if answer else "", rows=2
        )
        self.fields[f"{code}-reason"] = _text_field(
            _("Varför har bedömningen ändrats? (frivilligt)"),
            REASON_MAX,
            answer.change_reason if answer else "",
            rows=2,
        )
        self.fields[f"{code}-version"] = forms.CharField(
            required=False, initial=answer.version if answer else 0, widget=forms.HiddenInput
        )
        self.fields[f"{code}-was"] = forms.CharField(
            required=False, initial=answer_fingerprint(answer), widget=forms.HiddenInput
        )

    def indicators(self) -> Iterator[IndicatorFields]:
        for row in self.page.rows:
            code = row.indicator.code
            yield IndicatorFields(row, *(self[f"{code}-{part}"] for part in PARTS))

    def clean(self) -> dict:
        cleaned = super().clean()
        unknown = sorted(
            {m["code"] for m in map(ANSWER_FIELD.match, self.data) if m} - set(self.codes)
        )
        if unknown:
            raise forms.ValidationError(
                _("Frågan %(codes)s finns inte på den här sidan. Ladda om sidan och försök igen.")
                % {"codes": ", ".join(unknown)}
            )
        for code in self.codes:
            if not VERSION.fullmatch(cleaned.get(f"{code}-version") or "0"):
                raise forms.ValidationError(
                    _("Sidan skickade ogiltiga uppgifter. Ladda om sidan och försök igen.")
                )
        return cleaned

    def changed_answers(self) -> dict[str, AnswerInput]:
        """The answers the respondent touched since the page was loaded."""
        answers = {}
        for code in self.codes:
            if not any(f"{code}-{part}" in self.data for part in PARTS):
                continue
            state, comment, reason, version, was = (
                self.cleaned_data.get(f"{code}-{part}") or "" for part in PARTS
            )
            if fingerprint(state, comment, reason) == was:
                continue
            answers[code] = AnswerInput(state, comment, reason, int(version or 0))
        return answers

    def error_list(self) -> list[tuple[str, str]]:
        """Every error as (field id or "", message), for the summary at the top of the page."""
        errors = [("", message) for message in self.non_field_errors()]
        for name, messages in self.errors.items():
            if name != NON_FIELD_ERRORS:
                code = name.split("-")[0]
                errors += [(self[name].auto_id, f"{code}: {message}") for message in messages]
        return errors


def _text_field(label: str, max_length: int, initial: str, rows: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        initial=initial,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control"}),
        error_messages={"max_length": _("Högst %(limit_value)d tecken (nu %(show_value)d).")},
    )
