"""The reward fund (quỹ thi đua, khen thưởng) of each year: its opening balance and income, kept by the office, the
only group that sees it (with the administrators)."""

from django.contrib.auth.management import create_permissions

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


OFFICE = "Văn phòng"


def grant_office(apps, schema_editor):
    app_config = apps.get_app_config("emulation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office = Group.objects.filter(name=OFFICE).first()
    if office is not None:
        office.permissions.add(
            *Permission.objects.filter(content_type__app_label="emulation", codename__endswith="_rewardfund")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0020_rewards_and_base_salary"),
    ]

    operations = [
        migrations.CreateModel(
            name="RewardFund",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="year")),
                ("opening_balance", models.BigIntegerField(default=0, verbose_name="opening balance (đồng)")),
                ("note", models.TextField(blank=True, verbose_name="note")),
            ],
            options={
                "verbose_name": "reward fund",
                "verbose_name_plural": "reward funds",
                "ordering": ["-year"],
            },
        ),
        migrations.CreateModel(
            name="FundIncome",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                ("date", models.DateField(verbose_name="date")),
                ("description", models.CharField(max_length=300, verbose_name="source or description")),
                ("amount", models.PositiveBigIntegerField(verbose_name="amount (đồng)")),
                (
                    "fund",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="incomes", to="emulation.rewardfund"
                    ),
                ),
            ],
            options={
                "verbose_name": "income",
                "verbose_name_plural": "income",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.RunPython(grant_office, migrations.RunPython.noop),
    ]
