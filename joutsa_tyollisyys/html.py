"""HTML pieces built once per page in Python instead of once per row in a template loop (a choice list of a
thousand workers in every row of a table would otherwise cost a template loop per row)."""

from html import escape

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def _text(value) -> str:
    """``conditional_escape`` without its per-call overhead (a thousand options a page): escaped unless safe."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def options(choices) -> SafeString:
    """``<option>`` elements of (value, label) pairs, escaped."""
    return mark_safe(  # noqa: S308 - every value and label is escaped by _text
        "".join(f'<option value="{_text(value)}">{_text(label)}</option>' for value, label in choices)
    )


def with_selected(options_html: SafeString, value) -> SafeString:
    """The same options with ``value`` selected (no option selected when ``value`` is None or absent)."""
    if value is None:
        return options_html
    needle = format_html('<option value="{}">', value)
    return mark_safe(options_html.replace(needle, needle[:-1] + " selected>", 1))  # noqa: S308 - escaped above
