"""Seed the maintained list of services (docs/domain.md § 5.1); the admin keeps it up to date afterwards."""

from django.db import migrations

SERVICE_TYPES = [
    ("rehabilitative_work", "Kuntouttava työtoiminta", "Arbetsverksamhet i rehabiliteringssyfte", True, 10),
    ("work_trial", "Työkokeilu", "Arbetsprövning", False, 20),
    ("training", "Koulutus", "Utbildning", False, 30),
    ("health_check", "Terveystarkastus", "Hälsokontroll", False, 40),
    ("substance_abuse_services", "Päihdepalvelut", "Missbrukartjänster", False, 50),
    ("mental_health_services", "Mielenterveyspalvelut", "Mentalvårdstjänster", False, 60),
    ("other", "Muu palvelu", "Annan tjänst", False, 100),
]


def seed(apps, schema_editor):
    ServiceType = apps.get_model("activation", "ServiceType")
    for code, name, name_sv, rehab, order in SERVICE_TYPES:
        ServiceType.objects.update_or_create(code=code, defaults={
            "name": name, "name_sv": name_sv, "is_rehabilitative_work": rehab, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("activation", "ServiceType").objects.filter(code__in=[s[0] for s in SERVICE_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("activation", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
