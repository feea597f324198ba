"""The report templates' filters: how a figure is shown, from reports.presentation, so a
template never formats a number or words a hidden figure by itself."""

from django import template

from reports import presentation

register = template.Library()


@register.filter
def signed(change: float | None) -> str:
    """A change already taken between shown figures: "+0,3", "−0,3", "0,0", "–"."""
    return presentation.signed(change)


@register.filter
def figure_value(figure) -> str:
    """A figure's value, or the word for why it has none, for a cell that shows its n apart."""
    return presentation.figure_value(figure)


@register.filter
def figure_text(figure) -> str:
    """A figure with its n, or its note, in one text: "2,7 (n = 3)", "dold (n = 2)"."""
    return presentation.figure_text(figure)


@register.simple_tag
def small_group() -> str:
    """The flag of a small group's figure shown to national staff."""
    return str(presentation.SMALL)
