"""The money attached to titles, as data: the multiple of the base salary each title and form carries under each
framework (Nghị định 152/2025/NĐ-CP, Điều 50–54; Nghị định 98/2023/NĐ-CP, Điều 54), and the base salary by date.

Facts and how sure each is: ../shared/domain/commendation-rules.md §2.4. Nghị định 98/2023 Điều 54 was read for the
four individual titles and Tập thể lao động xuất sắc only; the individual amounts of the Bằng khen were not read
(left out); the Nghị định 91/2017 amounts were not read (none stored). Rows are added only when missing.
"""

import django.db.models.deletion
import modelcluster.fields
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ERA_B_98 = "Luật TĐKT 2022, Nghị định 98/2023/NĐ-CP"
ERA_B_152 = "Luật TĐKT 2022, Nghị định 152/2025/NĐ-CP"
ND98 = "Nghị định 98/2023/NĐ-CP"
ND152 = "Nghị định 152/2025/NĐ-CP"

# framework, title code, awarded to, multiple, source, verified
REWARDS = [
    (ERA_B_152, "cstd-toan-quoc", "both", "4.5", f"{ND152}, Điều 50", True),
    (ERA_B_152, "cstd-tinh", "both", "3.0", f"{ND152}, Điều 50", True),
    (ERA_B_152, "cstdcs", "both", "1.0", f"{ND152}, Điều 50", True),
    (ERA_B_152, "ldtt", "both", "0.3", f"{ND152}, Điều 50", True),
    (ERA_B_152, "ttldxs", "both", "1.5", f"{ND152}, Điều 50", True),
    (ERA_B_152, "ttldtt", "both", "0.8", f"{ND152}, Điều 50", True),
    (ERA_B_152, "co-cp", "both", "12.0", f"{ND152}, Điều 50", True),  # only where the title is on record
    (ERA_B_152, "co-tinh", "both", "8.0", f"{ND152}, Điều 50", True),
    (ERA_B_152, "bang-khen-tinh", "unit", "3.0", f"{ND152}, Điều 54 (theo bài tổng hợp, chưa đối chiếu)", False),
    (ERA_B_98, "cstd-toan-quoc", "both", "4.5", f"{ND98}, Điều 54", True),
    (ERA_B_98, "cstd-tinh", "both", "3.0", f"{ND98}, Điều 54", True),
    (ERA_B_98, "cstdcs", "both", "1.0", f"{ND98}, Điều 54", True),
    (ERA_B_98, "ldtt", "both", "0.3", f"{ND98}, Điều 54", True),
    (ERA_B_98, "ttldxs", "both", "1.5", f"{ND98}, Điều 54", True),
]

# in force from, đồng a month, source, verified
BASE_SALARIES = [
    ("2019-07-01", 1_490_000, "Nghị định 38/2019/NĐ-CP, Điều 3", False),
    ("2023-07-01", 1_800_000, "Nghị định 24/2023/NĐ-CP, Điều 3", False),
    ("2024-07-01", 2_340_000, "Nghị định 73/2024/NĐ-CP, Điều 3 khoản 2", True),
]

OFFICE = "Văn phòng"


def load(apps, schema_editor):
    Title = apps.get_model("emulation", "Title")
    LegalFramework = apps.get_model("emulation", "LegalFramework")
    TitleReward = apps.get_model("emulation", "TitleReward")
    BaseSalary = apps.get_model("emulation", "BaseSalary")
    titles = {title.code: title for title in Title.objects.all()}
    frameworks = {framework.name: framework for framework in LegalFramework.objects.all()}
    for order, (framework, code, awarded_to, multiple, source, verified) in enumerate(REWARDS):
        if framework not in frameworks or code not in titles:
            continue
        TitleReward.objects.get_or_create(
            framework=frameworks[framework],
            title=titles[code],
            awarded_to=awarded_to,
            defaults={"multiple": multiple, "source": source, "verified": verified, "sort_order": order},
        )
    for day, amount, source, verified in BASE_SALARIES:
        BaseSalary.objects.get_or_create(
            effective_from=day, defaults={"amount": amount, "source": source, "verified": verified}
        )
    # The office keeps the base salary, as it keeps the frameworks.
    app_config = apps.get_app_config("emulation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office = Group.objects.filter(name=OFFICE).first()
    if office is not None:
        office.permissions.add(
            *Permission.objects.filter(content_type__app_label="emulation", codename__endswith="_basesalary")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0019_councils"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="BaseSalary",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("effective_from", models.DateField(unique=True, verbose_name="in force from")),
                ("amount", models.PositiveIntegerField(verbose_name="amount (đồng a month)")),
                ("source", models.CharField(max_length=300, verbose_name="source")),
                (
                    "verified",
                    models.BooleanField(
                        default=True,
                        help_text="Untick when the wording of the source has not been checked.",
                        verbose_name="verified",
                    ),
                ),
            ],
            options={
                "verbose_name": "base salary",
                "verbose_name_plural": "base salaries",
                "ordering": ["-effective_from"],
            },
        ),
        migrations.CreateModel(
            name="TitleReward",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "awarded_to",
                    models.CharField(
                        choices=[
                            ("person", "individual"),
                            ("unit", "collective"),
                            ("both", "individual or collective"),
                        ],
                        default="both",
                        help_text="For a form given to both, the multiple of individuals and that of collectives may differ.",
                        max_length=10,
                        verbose_name="awarded to",
                    ),
                ),
                (
                    "multiple",
                    models.DecimalField(decimal_places=2, max_digits=5, verbose_name="multiple of the base salary"),
                ),
                ("source", models.CharField(max_length=300, verbose_name="source")),
                (
                    "verified",
                    models.BooleanField(
                        default=True,
                        help_text="Untick when the wording of the source has not been checked.",
                        verbose_name="verified",
                    ),
                ),
                (
                    "framework",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rewards",
                        to="emulation.legalframework",
                    ),
                ),
                (
                    "title",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="emulation.title",
                        verbose_name="title or form",
                    ),
                ),
            ],
            options={
                "verbose_name": "reward",
                "verbose_name_plural": "rewards",
                "ordering": ["sort_order"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("framework", "title", "awarded_to"), name="emulation_reward_once")
                ],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
