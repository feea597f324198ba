import pytest
from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template("{% load scores %}{{ value|score }}")


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("sv", 2.4, "2,4"),
        ("sv", 2.35, "2,4"),
        ("en", 2.4, "2.4"),
        ("sv", 3, "3,0"),
        ("sv", None, "–"),
    ],
)
def test_scores_show_one_decimal_with_the_language_decimal_mark(language, value, shown):
    with translation.override(language):
        assert TEMPLATE.render(Context({"value": value})) == shown
