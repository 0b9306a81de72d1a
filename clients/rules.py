"""The client's main-income choices by date (docs/domain.md § 6.1, § 8): a rule table, looked up by the date a form
is for, never an ``if`` on a date.

From 1.5.2026 Kela's basic daily allowance and labour market subsidy are merged into yleistuki (general
unemployment support): a form for a date from then offers yleistuki and the earnings-related allowance, not
the labour market subsidy or the basic allowance. Records keep the value they have (``main_income_choices``
adds a record's own value to its choices).

``income_of_benefit`` reads the benefit named on Kela's payment-share list (Finnish or Swedish) as a main
income, so a list with "yleistuki" is understood and benefits are grouped the same way across the change.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys.rates import in_force

from .enums import MainIncome


@dataclass(frozen=True)
class IncomeChoice:
    value: str
    label: str
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, day: date) -> bool:
        return in_force(self, day)


#: The choices in the order a form shows them, each valid from/to (None: open). The 1.5.2026 merger: laki
#: työttömyysturvalain muuttamisesta (yleistuki), Kela.
MAIN_INCOME_RULES = (
    IncomeChoice(MainIncome.UNEMPLOYMENT_BENEFIT, _("Unemployment allowance"), valid_to=date(2026, 4, 30)),
    IncomeChoice(MainIncome.UNEMPLOYMENT_BENEFIT, _("Earnings-related unemployment allowance"),
                 valid_from=date(2026, 5, 1)),
    IncomeChoice(MainIncome.LABOUR_MARKET_SUBSIDY, MainIncome.LABOUR_MARKET_SUBSIDY.label, valid_to=date(2026, 4, 30)),
    IncomeChoice(MainIncome.GENERAL_SUPPORT, MainIncome.GENERAL_SUPPORT.label, valid_from=date(2026, 5, 1)),
    IncomeChoice(MainIncome.INCOME_SUPPORT, MainIncome.INCOME_SUPPORT.label),
    IncomeChoice(MainIncome.OTHER, MainIncome.OTHER.label),
)

#: Main incomes that are an unemployment benefit paid by Kela or a fund (whatever the date).
UNEMPLOYMENT_BENEFITS = frozenset(
    {MainIncome.UNEMPLOYMENT_BENEFIT, MainIncome.LABOUR_MARKET_SUBSIDY, MainIncome.GENERAL_SUPPORT}
)


def main_income_choices(on: date, current: str | None = None) -> list[tuple[str, str]]:
    """The (value, label) choices of a form for the date ``on``; a record's ``current`` value stays a choice
    (labelled as it was) even when it is no longer offered for new data."""
    choices = [(rule.value, rule.label) for rule in MAIN_INCOME_RULES if rule.valid_on(on)]
    if current and current not in {value for value, _label in choices}:
        choices.append((current, MainIncome(current).label if current in MainIncome.values else current))
    return choices


#: Words of Kela's benefit names (Finnish, Swedish), checked in this order.
_BENEFIT_WORDS = (
    (("yleistuki", "allmänt stöd", "allmant stod"), MainIncome.GENERAL_SUPPORT),
    (("työmarkkinatuki", "arbetsmarknadsstöd"), MainIncome.LABOUR_MARKET_SUBSIDY),
    (("päiväraha", "dagpenning"), MainIncome.UNEMPLOYMENT_BENEFIT),
)


def income_of_benefit(benefit: str, on: date) -> str:
    """The main income that the benefit named on Kela's list means; a list without the benefit's name means
    the basic benefit in force on ``on`` (labour market subsidy before 1.5.2026, yleistuki from then)."""
    text = (benefit or "").casefold()
    for words, income in _BENEFIT_WORDS:
        if any(word in text for word in words):
            return income
    basic = [rule.value for rule in MAIN_INCOME_RULES
             if rule.value in (MainIncome.LABOUR_MARKET_SUBSIDY, MainIncome.GENERAL_SUPPORT) and rule.valid_on(on)]
    return basic[0] if basic else MainIncome.LABOUR_MARKET_SUBSIDY


def default_main_income() -> str:
    """A new client's main income when nothing is said: the basic benefit in force today."""
    from django.utils import timezone

    return income_of_benefit("", timezone.localdate())
