"""The public privacy notice, and national staff's export and erasure of one person's data.

The staff page takes the e-mail address by POST, so it never ends up in a URL or log.
"""

import json

from django import forms
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities.access import national_staff_required
from privacy.selectors import person_data
from privacy.services import email_digest, person_erase


class PersonalDataForm(forms.Form):
    SEARCH, EXPORT, ERASE = "search", "export", "erase"

    email = forms.EmailField(label=gettext_lazy("E-postadress"), max_length=254)
    action = forms.Field(initial=SEARCH, required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=gettext_lazy("Jag förstår att namnet och e-postadressen inte går att återställa."),
        required=False,
    )

    def clean_action(self) -> str:
        """The button's; a missing or unknown one is a search, which changes nothing (an
        error on a hidden field would have nowhere to show)."""
        action = self.cleaned_data["action"]
        return action if action in (self.EXPORT, self.ERASE) else self.SEARCH


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/privacy.html")


@national_staff_required
def personal_data(request: HttpRequest) -> HttpResponse:
    form = PersonalDataForm(request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "privacy/personal_data.html", {"form": form})
    email, action = form.cleaned_data["email"], form.cleaned_data["action"]

    if action == PersonalDataForm.EXPORT:
        response = HttpResponse(
            json.dumps(person_data(email=email), cls=DjangoJSONEncoder, indent=2),
            content_type="application/json; charset=utf-8",
        )
        filename = f"personuppgifter-{email_digest(email=email)}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    if action == PersonalDataForm.ERASE and form.cleaned_data["confirm"]:
        changed = person_erase(email=email, erased_by=request.user)
        if changed:
            messages.success(
                request,
                _("Personuppgifterna är raderade: %(count)d poster ändrades.") % {"count": changed},
            )
        else:
            messages.info(
                request, _("Det fanns inga personuppgifter att radera för den e-postadressen.")
            )
        return redirect("personal_data")

    data = person_data(email=email)
    context = {
        "form": form,
        "email": email,
        "data": data,
        "found": any(data[key] for key in data if key != "email"),
        "confirming": action == PersonalDataForm.ERASE,
    }
    return render(request, "privacy/personal_data.html", context)
