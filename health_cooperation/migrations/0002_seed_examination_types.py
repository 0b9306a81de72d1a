"""The basic health examinations done in primary care before a disability-pension decision (plan § 1.8).
Admins maintain the list afterwards; new investigations get every examination type in use."""

from django.db import migrations

EXAMINATIONS = [
    (10, "Työttömän terveystarkastus", "Terveydenhoitajan terveystarkastus ja työkyvyn kartoitus"),
    (20, "Lääkärin vastaanotto ja työkyvyn arvio", "Terveyskeskuslääkärin kokonaisarvio työ- ja toimintakyvystä"),
    (30, "Laboratoriotutkimukset", "Perusverenkuva, verensokeri, rasva-arvot, maksa- ja munuaisarvot, kilpirauhanen"),
    (40, "EKG", "Sydänsähkökäyrä"),
    (50, "Mielenterveyden arvio", "Mielialan ja psyykkisen voinnin arvio (esim. BDI, tarvittaessa psykiatrinen konsultaatio)"),
    (60, "Päihteiden käytön arvio", "AUDIT ja tarvittaessa päihdetyöntekijän vastaanotto"),
    (70, "Fysioterapeutin toimintakyvyn arvio", "Tuki- ja liikuntaelimistön toimintakyky"),
    (80, "Kuulon ja näön tutkimus", ""),
    (90, "Muistin ja kognition arvio", "Tarvittaessa, esim. CERAD-tehtäväsarja"),
    (100, "Erikoislääkärin konsultaatio", "Tarvittaessa, pääasiallisen sairauden mukaan"),
    (110, "B-lausunto eläkehakemusta varten", "Lääkärinlausunto, kun perustutkimukset on tehty"),
]


def seed(apps, schema_editor):
    ExaminationType = apps.get_model("health_cooperation", "ExaminationType")
    for order, name, description in EXAMINATIONS:
        ExaminationType.objects.get_or_create(name=name, defaults={"order": order, "description": description})


def unseed(apps, schema_editor):
    ExaminationType = apps.get_model("health_cooperation", "ExaminationType")
    ExaminationType.objects.filter(name__in=[name for _order, name, _d in EXAMINATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("health_cooperation", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
