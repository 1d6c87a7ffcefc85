"""Reference data every installation needs: the titles and forms, and the law's rule sets by era.

Sources and how sure each fact is: ../shared/domain/commendation-rules.md. Rows whose source wording was not read
are stored with verified=False, so the admin flags them; the office edits all of it.
"""

from django.db import migrations

GOOD, EXCELLENT = 3, 4
REPRIMAND, WARNING = 1, 2
BASE, PROVINCE = 1, 2

TITLES = [
    # code, name, kind, category, includes, aliases
    ("ldtt", "Lao động tiên tiến", "person", "title", None, ["LĐTT"]),
    ("cstdcs", "Chiến sĩ thi đua cơ sở", "person", "title", "ldtt",
     ["Chiến sĩ thi đua cấp cơ sở", "Chiến sỹ thi đua cơ sở", "CSTĐCS"]),
    ("cstd-tinh", "Chiến sĩ thi đua cấp tỉnh", "person", "title", "cstdcs",
     ["Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh", "Chiến sĩ thi đua Bộ, ban, ngành, tỉnh"]),
    ("cstd-toan-quoc", "Chiến sĩ thi đua toàn quốc", "person", "title", "cstd-tinh", []),
    ("ttldtt", "Tập thể lao động tiên tiến", "unit", "title", None, ["TTLĐTT"]),
    ("ttldxs", "Tập thể lao động xuất sắc", "unit", "title", "ttldtt", ["TTLĐXS"]),
    ("co-tinh", "Cờ thi đua của UBND tỉnh", "unit", "title", None,
     ["Cờ thi đua cấp tỉnh", "Cờ thi đua của Ủy ban nhân dân tỉnh"]),
    ("giay-khen", "Giấy khen của Giám đốc Sở", "both", "form", None, ["Giấy khen"]),
    ("bang-khen-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "both", "form", None,
     ["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "Bằng khen cấp tỉnh"]),
    ("bang-khen-ttg", "Bằng khen của Thủ tướng Chính phủ", "both", "form", None, []),
]

LAW_2013 = "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"
ND91 = "Nghị định 91/2017/NĐ-CP"
LAW_2022 = "Luật Thi đua, khen thưởng 2022"
ND98 = "Nghị định 98/2023/NĐ-CP"
ND152 = "Nghị định 152/2025/NĐ-CP"


def r(title, rule, source, *, number=None, strict=False, ref=None, grade=None, discipline=None, scope=None, verified=True):
    return dict(title=title, rule=rule, source=source, number=number, strict=strict, ref=ref, grade=grade,
                discipline=discipline, scope=scope, verified=verified)


ERA_A = [
    r("ldtt", "min-grade", f"{LAW_2013}, Điều 24 khoản 1 điểm a", grade=GOOD),
    r("ldtt", "no-discipline", f"{ND91}, Điều 10", discipline=REPRIMAND, verified=False),
    r("ldtt", "min-service-months", f"{ND91}, Điều 10", number=10),
    r("cstdcs", "presupposes", f"{LAW_2013}, Điều 23; {ND91}, Điều 9 khoản 3 điểm a", ref="ldtt"),
    r("cstdcs", "initiative-required", f"{ND91}, Điều 9 khoản 3 điểm b", scope=BASE),
    r("cstdcs", "quota", f"{ND91}, Điều 9 khoản 3", number=15, ref="ldtt"),
    r("cstd-tinh", "consecutive-title", f"{LAW_2013}, Điều 22; {ND91}, Điều 9 khoản 2", number=3, ref="cstdcs"),
    r("cstd-tinh", "initiative-required", f"{ND91}, Điều 9 khoản 2", number=3, scope=PROVINCE),
    r("cstd-tinh", "council-vote", f"{ND91}, Điều 45 khoản 8", number=90),
    r("ttldtt", "min-grade", f"{LAW_2013}, Điều 28 khoản 1 điểm a", grade=GOOD),
    r("ttldtt", "member-share", f"{LAW_2013}, Điều 28 khoản 1 điểm c", number=50, strict=True, ref="ldtt"),
    r("ttldtt", "no-discipline", f"{LAW_2013}, Điều 28 khoản 1 điểm c", discipline=WARNING),
    r("ttldxs", "min-grade", f"{LAW_2013}, Điều 27 khoản 1 điểm a", grade=EXCELLENT),
    r("ttldxs", "members-completed", f"{LAW_2013}, Điều 27 khoản 1 điểm c"),
    r("ttldxs", "member-share", f"{LAW_2013}, Điều 27 khoản 1 điểm c", number=70, ref="ldtt"),
    r("ttldxs", "member-has-title", f"{LAW_2013}, Điều 27 khoản 1 điểm d", number=1, ref="cstdcs"),
    r("ttldxs", "no-discipline", f"{LAW_2013}, Điều 27 khoản 1 điểm d", discipline=WARNING),
    r("giay-khen", "min-grade", f"{ND91} (tiêu chuẩn Giấy khen chưa được đối chiếu)", grade=GOOD, verified=False),
]


def era_b(decree, votes_verified):
    vote_source = f"{decree}" + ("" if votes_verified else f" (chưa đối chiếu; theo {ND98}, Điều 30 khoản 7)")
    if votes_verified:
        vote_source = f"{ND98}, Điều 30 khoản 7"
    return [
        r("ldtt", "min-grade", f"{LAW_2022}, Điều 24 khoản 1 điểm a", grade=GOOD),
        r("cstdcs", "presupposes", f"{LAW_2022}, Điều 23 khoản 1", ref="ldtt"),
        r("cstdcs", "initiative-or-excellent", f"{LAW_2022}, Điều 23 khoản 2", scope=BASE),
        r("cstdcs", "council-vote", vote_source, number=80, verified=votes_verified),
        r("cstd-tinh", "consecutive-title", f"{LAW_2022}, Điều 22 khoản 1 điểm a", number=3, ref="cstdcs"),
        r("cstd-tinh", "initiative-required", f"{LAW_2022}, Điều 22 khoản 1 điểm b, khoản 2", number=3, scope=PROVINCE),
        r("cstd-tinh", "council-vote", vote_source, number=90, verified=votes_verified),
        r("ttldtt", "min-grade", f"{LAW_2022}, Điều 28 khoản 1 điểm a", grade=GOOD, verified=False),
        r("ttldtt", "member-share", f"{LAW_2022}, Điều 28 khoản 1 điểm c", number=70, ref="ldtt", verified=False),
        r("ttldtt", "no-discipline", f"{LAW_2022}, Điều 28 khoản 1 điểm c", discipline=WARNING, verified=False),
        r("ttldxs", "min-grade", f"{LAW_2022}, Điều 27 khoản 1 điểm a", grade=EXCELLENT),
        r("ttldxs", "members-completed", f"{LAW_2022}, Điều 27 khoản 1 điểm c"),
        r("ttldxs", "member-share", f"{LAW_2022}, Điều 27 khoản 1 điểm c", number=70, ref="ldtt"),
        r("ttldxs", "member-has-title", f"{LAW_2022}, Điều 27 khoản 1 điểm d", number=1, ref="cstdcs"),
        r("giay-khen", "min-grade", f"{LAW_2022}, Điều 75 khoản 2 (tiêu chuẩn do tỉnh quy định)", grade=GOOD, verified=False),
    ]


FRAMEWORKS = [
    ("Luật TĐKT 2003 (sđ 2013), Nghị định 91/2017/NĐ-CP",
     "Luật Thi đua, khen thưởng 15/2003/QH11, sửa đổi bởi 47/2005/QH11 và 39/2013/QH13; Nghị định 91/2017/NĐ-CP "
     "(hiệu lực 01/10/2017); Thông tư 12/2019/TT-BNV.", 2017, 2023, ERA_A),
    ("Luật TĐKT 2022, Nghị định 98/2023/NĐ-CP",
     "Luật Thi đua, khen thưởng 06/2022/QH15 (hiệu lực 01/01/2024); Nghị định 98/2023/NĐ-CP (01/01/2024 – "
     "30/06/2025).", 2024, 2024, era_b(ND98, True)),
    ("Luật TĐKT 2022, Nghị định 152/2025/NĐ-CP",
     "Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 152/2025/NĐ-CP (hiệu lực 01/07/2025, thay thế Nghị định "
     "98/2023/NĐ-CP); Thông tư 15/2025/TT-BNV.", 2025, None, era_b(ND152, False)),
]


def load(apps, schema_editor):
    Title = apps.get_model("emulation", "Title")
    LegalFramework = apps.get_model("emulation", "LegalFramework")
    LawRule = apps.get_model("emulation", "LawRule")
    titles = {}
    for order, (code, name, kind, category, _includes, aliases) in enumerate(TITLES):
        titles[code], _ = Title.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "category": category, "aliases": "\n".join(aliases), "sort_order": order},
        )
    for code, _name, _kind, _category, includes, _aliases in TITLES:
        if includes:
            Title.objects.filter(pk=titles[code].pk).update(includes=titles[includes])
    for name, basis, from_year, to_year, rows in FRAMEWORKS:
        framework, created = LegalFramework.objects.get_or_create(
            name=name, defaults={"legal_basis": basis, "from_year": from_year, "to_year": to_year}
        )
        if not created:
            continue
        for order, row in enumerate(rows):
            LawRule.objects.create(
                framework=framework,
                sort_order=order,
                title=titles[row["title"]],
                rule=row["rule"],
                number=row["number"],
                strict=row["strict"],
                ref_title=titles[row["ref"]] if row["ref"] else None,
                grade=row["grade"],
                discipline=row["discipline"],
                scope=row["scope"],
                source=row["source"],
                verified=row["verified"],
            )


class Migration(migrations.Migration):
    dependencies = [("emulation", "0002_emulationyear_legalframework_decision_and_more")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
