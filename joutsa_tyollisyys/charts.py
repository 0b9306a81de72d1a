"""Chart pieces more than one app draws (matplotlib)."""

from django.utils.translation import gettext as _

MONTHS_IN_QUARTER = 3


def quarter_bars(axes, labels, totals, partial, *, color):
    """Bars of quarters; a quarter with fewer than three months of data is an outline with hatching and named so in
    the legend, never drawn like a full quarter (its sum is not comparable). Returns the legend's handles."""
    full = axes.bar(labels, [0 if p else t for t, p in zip(totals, partial, strict=True)], color=color,
                    label=_("Full quarter"))
    handles = [full]
    if any(partial):
        handles.append(axes.bar(labels, [t if p else 0 for t, p in zip(totals, partial, strict=True)],
                                color="white", edgecolor=color, hatch="//",
                                label=_("Partial quarter (fewer than 3 months imported)")))
    return handles
