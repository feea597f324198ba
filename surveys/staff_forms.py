"""Forms of national staff's round pages."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.fields import OneLineField
from municipalities.models import County, SizeBand
from surveys.models import Questionnaire, SurveyRound
from surveys.selectors.rounds import (
    SORTS,
    ParticipationStatus,
    questionnaire_latest,
    round_latest,
)

DEFAULT_ROUND_WEEKS = 6


def default_dates(opens_on: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """A new round opens today, unless told otherwise, and closes six weeks later."""
    opens_on = opens_on or timezone.localdate()
    return opens_on, opens_on + datetime.timedelta(weeks=DEFAULT_ROUND_WEEKS)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class QuestionnaireChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Questionnaire) -> str:
        return f"{obj.localized('title')} ({obj.label})"


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SurveyRound) -> str:
        return str(obj.year)


class RoundCreateForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    questionnaire = QuestionnaireChoiceField(
        label=_("Enkätversion"),
        queryset=Questionnaire.objects.order_by("-created_at", "-pk"),
        empty_label=None,
        help_text=_("En version som en omgång har använt ändras aldrig."),
    )
    opens_on = forms.DateField(label=_("Öppnar"), widget=DateInput())
    closes_on = forms.DateField(
        label=_("Stänger"),
        widget=DateInput(),
        help_text=_("Sista svarsdagen. Omgången stängs automatiskt natten efter."),
    )
    previous_round = RoundChoiceField(
        label=_("Jämförs med"),
        queryset=SurveyRound.objects.order_by("-year"),
        required=False,
        empty_label=_("Senaste tidigare omgången"),
        help_text=_("Förra årets omgång, som resultaten och ”Förra året” jämförs med."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        latest = round_latest()
        opens_on, closes_on = default_dates()
        self.initial.setdefault("year", latest.year + 1 if latest else opens_on.year)
        self.initial.setdefault("questionnaire", questionnaire_latest())
        self.initial.setdefault("opens_on", opens_on)
        self.initial.setdefault("closes_on", closes_on)
        self.initial.setdefault("previous_round", latest)


class ParticipationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alla")), *ParticipationStatus.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    county = forms.ModelChoiceField(
        label=_("Län"),
        queryset=County.objects.all(),
        required=False,
        empty_label=_("Alla län"),
        to_field_name="code",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    size = forms.ChoiceField(
        label=_("Storleksklass"),
        choices=[("", _("Alla storlekar")), *SizeBand.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    q = forms.CharField(
        label=_("Sök kommun, kod eller e-post"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    # Set by the column headings' links, kept by the filter form as hidden fields.
    sort = forms.ChoiceField(
        choices=[(key, key) for key in SORTS], required=False, widget=forms.HiddenInput
    )
    order = forms.ChoiceField(
        choices=[("asc", "asc"), ("desc", "desc")], required=False, widget=forms.HiddenInput
    )

    def filters(self) -> dict:
        """The valid filters; a field with a bad value is left out, the others still apply
        (a tampered address filters as far as it can, and never errs)."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors
        }


class PublishForm(forms.Form):
    """The publication's confirmations: always that it is final; below the participation
    limit, also that so few have answered."""

    final = forms.BooleanField(
        label=_("Jag förstår att publiceringen är slutgiltig."),
        error_messages={"required": _("Bekräfta att du förstår att publiceringen är slutgiltig.")},
    )

    def __init__(self, *args, participation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if participation.is_low:
            self.fields["low_participation"] = forms.BooleanField(
                label=_("Publicera ändå, fast bara %(participation)s har svarat.")
                % {"participation": participation},
                error_messages={
                    "required": _(
                        "Bekräfta att omgången ska publiceras fast bara %(participation)s har "
                        "svarat."
                    )
                    % {"participation": participation}
                },
            )


class InvitationRecipientForm(forms.Form):
    name = OneLineField(label=_("Mottagarens namn"), max_length=200)
    email = forms.EmailField(label=_("Mottagarens e-postadress"), max_length=254)
    update_contact = forms.BooleanField(
        label=_("Spara också som kommunens kontaktperson"),
        required=False,
        initial=True,
        help_text=_("Då går även nästa omgångs inbjudan hit."),
    )
