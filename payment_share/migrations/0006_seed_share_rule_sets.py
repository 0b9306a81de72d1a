"""The models of the municipal share by month (docs/domain.md § 6.1), as data: 1.1.2015–31.12.2024 the labour market
subsidy from 300 paid days (bands 0002); from 1.1.2025 (TE24) all unemployment benefits, billed from 101 paid
days, with bands the admin enters (their percentages are not confirmed here)."""

from datetime import date

from django.db import migrations

RULE_SETS = [
    {
        "valid_from": date(2015, 1, 1),
        "valid_to": date(2024, 12, 31),
        "name": "Työmarkkinatuen kuntaosuus",
        "all_benefits": False,
        "billed_from_days": 300,
        "note": "Työttömyysturvalaki 1290/2002, 14 luku (1.1.2015–31.12.2024)",
    },
    {
        "valid_from": date(2025, 1, 1),
        "valid_to": None,
        "name": "Työttömyysetuuksien kuntaosuus (TE24)",
        "all_benefits": True,
        "billed_from_days": 101,
        "note": "Laki työttömyysetuuksien rahoituksesta muutettuna 1.1.2025 (TE24); portaat pääkäyttäjä syöttää",
    },
]


def seed(apps, schema_editor):
    """The rows and their first history rows (the admin's later changes are recorded by django-simple-history)."""
    from django.utils import timezone

    RuleSet = apps.get_model("payment_share", "ShareRuleSet")
    History = apps.get_model("payment_share", "HistoricalShareRuleSet")
    for row in RULE_SETS:
        rule_set, created = RuleSet.objects.get_or_create(valid_from=row["valid_from"], defaults=row)
        if created:
            History.objects.create(
                id=rule_set.pk, **row, history_date=timezone.now(), history_type="+",
                history_change_reason="Seeded by migration 0006",
            )


def unseed(apps, schema_editor):
    RuleSet = apps.get_model("payment_share", "ShareRuleSet")
    starts = [row["valid_from"] for row in RULE_SETS]
    apps.get_model("payment_share", "HistoricalShareRuleSet").objects.filter(valid_from__in=starts).delete()
    RuleSet.objects.filter(valid_from__in=starts).delete()


class Migration(migrations.Migration):
    dependencies = [("payment_share", "0005_share_rule_sets_and_invoices")]
    operations = [migrations.RunPython(seed, unseed)]
