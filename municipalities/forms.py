from django import forms
from django.utils.translation import gettext_lazy as _

from common.fields import OneLineField
from municipalities.models import Contact, County

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "email", "title"]
        field_classes = {"name": OneLineField, "title": OneLineField}
        help_texts = {
            "email": _("Inbjudan och påminnelser skickas hit."),
            "title": _("Till exempel Kommunchef eller Kommundirektör. Tomt blir Kommunchef."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False


class ContactImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil med kontaktpersoner"),
        help_text=_(
            "Kolumner: municipality_code,name,email,title. Komma eller semikolon, UTF-8. "
            "Om någon rad är felaktig importeras ingenting."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Filen är för stor (högst 2 MB)."))
        return upload


class MunicipalityFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök kommun eller kod"), required=False, max_length=100)
    county = forms.ModelChoiceField(
        label=_("Län"),
        queryset=County.objects.all(),
        required=False,
        empty_label=_("Alla län"),
        to_field_name="code",
    )
