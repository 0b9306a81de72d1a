"""The activation condition and the limits of rehabilitative work: pure functions of law 189/2001.

No ORM here. The numbers are the law's own (kuntouttavasta työtoiminnasta 189/2001, § 3 for the
activation condition, § 13 for the days and hours of rehabilitative work); they change only when the
law is amended, so they live in this module as small tables of constants, each row with the date from
which it applies (docs/design.md keeps rates that change often in admin-edited tables; these are not rates).
To follow an amendment, end the current row (``valid_to``) and add a new one: the rule then answers
for past dates with the old numbers and for later dates with the new ones.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys.dates import age_on  # noqa: F401 (the plan rules' age: rules.age_on)
from joutsa_tyollisyys.rates import row_on

#: The law entered into force on 1.9.2001.
LAW_IN_FORCE = date(2001, 9, 1)


@dataclass(frozen=True)
class ConditionLimits:
    """One period of § 3: who must be offered an activation plan."""

    valid_from: date
    valid_to: date | None
    young_age_limit: int  # "alle 25-vuotias": the limits below apply until the 25th birthday
    young_subsidy_days_12m: int  # labour market subsidy days within a 12-month review period
    young_income_support_months: int  # continuous months with income support as main income
    adult_subsidy_days: int  # labour market subsidy days in total
    adult_income_support_months: int


#: docs/domain.md § 5.1. Add a row here when § 3 is amended.
CONDITION_LIMITS = (
    ConditionLimits(
        valid_from=LAW_IN_FORCE,
        valid_to=None,
        young_age_limit=25,
        young_subsidy_days_12m=180,
        young_income_support_months=4,
        adult_subsidy_days=500,
        adult_income_support_months=12,
    ),
)


@dataclass(frozen=True)
class RehabLimits:
    """One period of § 13: how much rehabilitative work a week and a day."""

    valid_from: date
    valid_to: date | None
    min_days_per_week: int
    max_days_per_week: int
    min_hours_per_day: int
    max_hours_per_day: int  # 8 h: the former wording of § 13, still the municipal practice (docs/domain.md § 5.2)
    min_months: int
    max_months: int


#: 1–5 days a week until 30.6.2015, 1–4 days since 1.7.2015 (docs/domain.md § 5.2).
REHAB_LIMITS = (
    RehabLimits(
        valid_from=LAW_IN_FORCE,
        valid_to=date(2015, 6, 30),
        min_days_per_week=1,
        max_days_per_week=5,
        min_hours_per_day=4,
        max_hours_per_day=8,
        min_months=3,
        max_months=24,
    ),
    RehabLimits(
        valid_from=date(2015, 7, 1),
        valid_to=None,
        min_days_per_week=1,
        max_days_per_week=4,
        min_hours_per_day=4,
        max_hours_per_day=8,
        min_months=3,
        max_months=24,
    ),
)


def _valid_on(table, day: date):
    row = row_on(table, day)
    if row is None:
        raise LookupError(f"No limits in force on {day.isoformat()}")
    return row


def condition_limits_on(day: date) -> ConditionLimits:
    return _valid_on(CONDITION_LIMITS, day)


def rehab_limits_on(day: date) -> RehabLimits:
    return _valid_on(REHAB_LIMITS, day)


class Basis(StrEnum):
    """Why the condition is met (or the closest criterion when it is not)."""

    SUBSIDY_DAYS = "subsidy_days"
    INCOME_SUPPORT = "income_support"


@dataclass(frozen=True)
class ConditionResult:
    met: bool
    young: bool  # the under-25 limits applied
    subsidy_days: int  # the figure compared: days in 12 months (young) or in total
    subsidy_limit: int
    income_support_months: int
    income_support_limit: int
    basis: Basis | None  # the criterion that is met, None when none is
    #: The activation reform (HE 109/2025) in force and the person gets an unemployment benefit or no income
    #: support: the condition does not apply to them (a benefit recipient's rehabilitative work is based on
    #: the multi-agency plan).
    out_of_scope: bool = False

    @property
    def explanation(self) -> str:
        """A sentence for the client page, e.g. "Ehto täyttyy: työmarkkinatukea 512 päivää (raja 500)"."""
        values = {
            "days": self.subsidy_days,
            "limit": self.subsidy_limit,
            "months": self.income_support_months,
            "month_limit": self.income_support_limit,
        }
        if self.out_of_scope:
            text = _(
                "The activation condition does not apply: since the activation reform (HE 109/2025) the "
                "activation plan is only for people on income support because of unemployment. For a person "
                "on an unemployment benefit, rehabilitative work is based on the multi-agency employment plan"
            )
        elif self.basis == Basis.SUBSIDY_DAYS:
            text = (
                _(
                    "Condition met: labour market subsidy for %(days)s days in the last 12 months "
                    "(limit %(limit)s)"
                )
                if self.young
                else _("Condition met: labour market subsidy for %(days)s days (limit %(limit)s)")
            )
        elif self.basis == Basis.INCOME_SUPPORT:
            text = _(
                "Condition met: income support as main income for %(months)s months (limit %(month_limit)s)"
            )
        elif self.young:
            text = _(
                "Condition not met: labour market subsidy for %(days)s days in the last 12 months "
                "(limit %(limit)s) and income support as main income for %(months)s months "
                "(limit %(month_limit)s)"
            )
        else:
            text = _(
                "Condition not met: labour market subsidy for %(days)s days (limit %(limit)s) and income "
                "support as main income for %(months)s months (limit %(month_limit)s)"
            )
        return str(text) % values

    @property
    def age_group(self) -> str:
        return str(_("under 25") if self.young else _("25 or over"))


def activation_condition(
    *,
    age: int,
    on: date,
    subsidy_days_12m: int,
    subsidy_days_total: int,
    income_support_months: int,
    benefit_recipient: bool = False,
    income_support: bool = True,
    income_support_only: bool = False,
) -> ConditionResult:
    """Law 189/2001 § 3: is the person entitled (and obliged) to an activation plan on ``on``?

    - under 25: labour market subsidy for at least 180 days within 12 months, or income support as the
      main income continuously for at least 4 months;
    - 25 and over: labour market subsidy for at least 500 days, or income support as the main income
      continuously for at least 12 months.

    ``income_support_only``: the activation reform (HE 109/2025) is in force on ``on`` (the rule set's
    ``activation_income_support_only``, see ``joutsa_tyollisyys.law``); then the condition applies only
    to people on income support because of unemployment (``income_support``), never to a
    ``benefit_recipient`` (who may get income support on top of the benefit).
    """
    if min(age, subsidy_days_12m, subsidy_days_total, income_support_months) < 0:
        raise ValueError("Figures cannot be negative")
    limits = condition_limits_on(on)
    young = age < limits.young_age_limit
    if young:
        days, day_limit = subsidy_days_12m, limits.young_subsidy_days_12m
        month_limit = limits.young_income_support_months
    else:
        days, day_limit = subsidy_days_total, limits.adult_subsidy_days
        month_limit = limits.adult_income_support_months
    if days >= day_limit:
        basis = Basis.SUBSIDY_DAYS
    elif income_support_months >= month_limit:
        basis = Basis.INCOME_SUPPORT
    else:
        basis = None
    out_of_scope = income_support_only and (benefit_recipient or not income_support)
    if out_of_scope:
        basis = None
    return ConditionResult(
        out_of_scope=out_of_scope,
        met=basis is not None,
        young=young,
        subsidy_days=days,
        subsidy_limit=day_limit,
        income_support_months=income_support_months,
        income_support_limit=month_limit,
        basis=basis,
    )


class Starter(StrEnum):
    MUNICIPALITY = "municipality"
    TE_OFFICE = "te_office"
    EMPLOYMENT_AUTHORITY = "employment_authority"


#: Main incomes (``clients.enums.MainIncome`` values) that are an unemployment benefit: since the activation
#: reform these people come to rehabilitative work through the multi-agency employment plan.
BENEFIT_INCOMES = frozenset({"unemployment_benefit", "labour_market_subsidy", "general_support"})


def is_benefit_recipient(*, main_income: str, receives_unemployment_benefit: bool) -> bool:
    return receives_unemployment_benefit or main_income in BENEFIT_INCOMES

STARTER_LABELS = {
    Starter.MUNICIPALITY: _("The municipality starts the process (income support is the main income)"),
    Starter.TE_OFFICE: _("The TE office starts the process (an unemployment benefit is paid)"),
    Starter.EMPLOYMENT_AUTHORITY: _(
        "The employment authority starts the process (an unemployment benefit is paid)"
    ),
}


def process_starter(*, unemployment_benefit: bool, income_support: bool, employment_authority: bool) -> Starter | None:
    """Who must start drawing up the plan: the benefit side first when the person gets both.

    ``employment_authority``: TE24 is in force on the day (the law rule set's ``employment_authority``).
    """
    if unemployment_benefit:
        return Starter.EMPLOYMENT_AUTHORITY if employment_authority else Starter.TE_OFFICE
    if income_support:
        return Starter.MUNICIPALITY
    return None


def plan_kind(*, typ_client: bool, benefit_recipient: bool, income_support_only: bool) -> str:
    """The kind of plan a client's new plan is: the multi-agency plan for a TYP client, and since the
    activation reform (``income_support_only``) for everyone on an unemployment benefit too."""
    if typ_client or (income_support_only and benefit_recipient):
        return "multi_agency"
    return "activation"


def rehab_row_errors(*, hours_per_day, days_per_week, length_months, starts_on: date) -> dict[str, list[str]]:
    """§ 13 for one rehabilitative-work row: {field: [Finnish-translatable sentence]} (empty when valid)."""
    limits = rehab_limits_on(starts_on)
    errors: dict[str, list[str]] = {}
    if days_per_week is None or not limits.min_days_per_week <= days_per_week <= limits.max_days_per_week:
        errors["days_per_week"] = [
            str(
                _("Rehabilitative work is arranged on %(low)s–%(high)s days a week.")
                % {"low": limits.min_days_per_week, "high": limits.max_days_per_week}
            )
        ]
    if hours_per_day is None or not limits.min_hours_per_day <= hours_per_day <= limits.max_hours_per_day:
        errors["hours_per_day"] = [
            str(
                _("Rehabilitative work lasts at least %(low)s and at most %(high)s hours a day.")
                % {"low": limits.min_hours_per_day, "high": limits.max_hours_per_day}
            )
        ]
    if length_months is None or not limits.min_months <= length_months <= limits.max_months:
        errors["length_months"] = [
            str(
                _("A period of rehabilitative work lasts %(low)s–%(high)s months.")
                % {"low": limits.min_months, "high": limits.max_months}
            )
        ]
    return errors
