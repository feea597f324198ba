from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from municipalities.access import (
    is_national_staff,
    municipality_for_user,
    national_staff_required,
)
from municipalities.forms import ContactForm, ContactImportForm, MunicipalityFilterForm
from municipalities.models import Contact
from municipalities.selectors import municipality_list as select_municipalities
from municipalities.selectors import municipality_members
from municipalities.services import contact_set
from municipalities.services import contacts_import as import_contacts


@national_staff_required
def municipality_list(request: HttpRequest) -> HttpResponse:
    form = MunicipalityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    municipalities = select_municipalities(query=filters.get("q", ""), county=filters.get("county"))
    return render(
        request,
        "municipalities/municipality_list.html",
        {"form": form, "municipalities": municipalities},
    )


@login_required
def municipality_detail(request: HttpRequest, code: str) -> HttpResponse:
    municipality = municipality_for_user(request.user, code)
    context = {
        "municipality": municipality,
        "contact": Contact.objects.filter(municipality=municipality).first(),
        "members": municipality_members(municipality=municipality),
        "can_edit_contact": is_national_staff(request.user),
    }
    return render(request, "municipalities/municipality_detail.html", context)


@national_staff_required
def contact_edit(request: HttpRequest, code: str) -> HttpResponse:
    municipality = municipality_for_user(request.user, code)
    current = Contact.objects.filter(municipality=municipality).first()
    form = ContactForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        contact_set(municipality=municipality, **form.cleaned_data)
        messages.success(
            request, _("Kontaktpersonen för %(name)s är sparad.") % {"name": municipality.name}
        )
        return redirect("municipality_detail", code=municipality.code)
    return render(
        request, "municipalities/contact_form.html", {"form": form, "municipality": municipality}
    )


@national_staff_required
def contacts_import(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ContactImportForm(request.POST, request.FILES) if posted else ContactImportForm()
    report = None
    if posted and form.is_valid():
        report = import_contacts(data=form.cleaned_data["file"].read())
        if report.ok:
            messages.success(
                request, _("%(count)d kontaktpersoner importerades.") % {"count": report.imported}
            )
            return redirect("municipality_list")
    return render(request, "municipalities/contacts_import.html", {"form": form, "report": report})
