from django import template

from reports.presentation import shown

register = template.Library()


@register.filter
def score(value) -> str:
    """A mean on the 1–4 scale as shown everywhere (reports.presentation.shown): one
    decimal, the locale's decimal mark, a true minus sign."""
    return shown(value)
