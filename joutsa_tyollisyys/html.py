"""HTML pieces built once per page in Python instead of once per row in a template loop (a choice list of a
thousand workers in every row of a table would otherwise cost a template loop per row)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def options(choices) -> SafeString:
    """``<option>`` elements of (value, label) pairs, escaped."""
    return format_html_join("", '<option value="{}">{}</option>', ((value, label) for value, label in choices))


def with_selected(options_html: SafeString, value) -> SafeString:
    """The same options with ``value`` selected (no option selected when ``value`` is None or absent)."""
    if value is None:
        return options_html
    needle = format_html('<option value="{}">', value)
    return mark_safe(options_html.replace(needle, needle[:-1] + " selected>", 1))  # noqa: S308 - escaped above
