from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def score(value) -> str:
    """A mean on the 1–4 scale as shown everywhere: one decimal, the locale's decimal mark."""
    if value is None or value == "":
        return "–"
    return floatformat(value, 1)
