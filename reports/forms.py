"""Forms of the reports app."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RepublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför publiceras omgången igen?"),
        help_text=_("Visas i rapporten bredvid publiceringens datum, för alla läsare."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv varför omgången publiceras igen.")},
    )
