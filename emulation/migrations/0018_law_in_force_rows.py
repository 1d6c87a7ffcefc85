"""The law in force, as data: who decides each title and form under each framework, whether the law lets the
province set its criteria, and the rows Law 2022 (with Nghị định 98/2023 and 152/2025) needs beyond those of
migration 0003: the forms above the Sở (Bằng khen tỉnh and Thủ tướng, Chiến sĩ thi đua toàn quốc, Huân chương Lao
động hạng Ba, Cờ thi đua tỉnh), and Nghị định 152/2025 Điều 4 (no award while under review; a sanction in force).

Facts and how sure each is: ../shared/domain/commendation-rules.md. A row whose source wording was not read is
stored with verified=False, and the admin flags it. Rows are added only when missing: the office's edits stay.
"""

from django.db import migrations

GOOD, EXCELLENT = 3, 4
BASE, PROVINCE, NATION = 1, 2, 3

LAW_2013 = "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"
ND91 = "Nghị định 91/2017/NĐ-CP"
LAW_2022 = "Luật Thi đua, khen thưởng 2022"
ND98 = "Nghị định 98/2023/NĐ-CP"
ND152 = "Nghị định 152/2025/NĐ-CP"

ERA_A = "Luật TĐKT 2003 (sđ 2013), Nghị định 91/2017/NĐ-CP"
ERA_B_98 = "Luật TĐKT 2022, Nghị định 98/2023/NĐ-CP"
ERA_B_152 = "Luật TĐKT 2022, Nghị định 152/2025/NĐ-CP"

NEW_TITLES = [
    # code, name, kind, category, includes, aliases
    ("hcld-3", "Huân chương Lao động hạng Ba", "person", "form", None, ["Huân chương lao động hạng ba", "HCLĐ hạng Ba"]),
]

# Who decides, per framework: (title, decided_by, criteria delegated to the province, source, verified).
ERA_A_AUTHORITIES = [
    ("ldtt", "director", True, f"{LAW_2013}, Điều 80 khoản 1", True),
    ("cstdcs", "director", True, f"{LAW_2013}, Điều 80 khoản 1", True),
    ("ttldtt", "director", True, f"{LAW_2013}, Điều 80 khoản 1", True),
    ("giay-khen", "director", True, f"{LAW_2013}, Điều 80 khoản 1", True),
    ("ttldxs", "province", True, f"{LAW_2013}, Điều 79 (chưa đối chiếu)", False),
    ("cstd-tinh", "province", False, f"{LAW_2013}, Điều 79 (chưa đối chiếu)", False),
    ("co-tinh", "province", True, f"{LAW_2013}, Điều 79 (chưa đối chiếu)", False),
    ("bang-khen-tinh", "province", True, f"{LAW_2013}, Điều 79 (chưa đối chiếu)", False),
    ("bang-khen-ttg", "prime-minister", False, f"{ND91}, Điều 38", True),
    ("cstd-toan-quoc", "prime-minister", False, f"{LAW_2013}, Điều 21; {ND91}, Điều 9 khoản 1", True),
    ("hcld-3", "president", False, f"{LAW_2013} (Huân chương do Chủ tịch nước quyết định; chưa đối chiếu)", False),
]
ERA_B_AUTHORITIES = [
    ("ldtt", "director", True, f"{LAW_2022}, Điều 80 khoản 1; tiêu chuẩn cụ thể: Điều 24 khoản 4", True),
    ("cstdcs", "director", False, f"{LAW_2022}, Điều 80 khoản 1; tiêu chuẩn: Điều 23", True),
    ("ttldtt", "director", True, f"{LAW_2022}, Điều 80 khoản 1; tiêu chuẩn cụ thể: Điều 28 khoản 3", True),
    ("giay-khen", "director", True, f"{LAW_2022}, Điều 80 khoản 1; tiêu chuẩn: Điều 75 khoản 2", True),
    ("ttldxs", "province", True, f"{LAW_2022}, Điều 79 (chưa đối chiếu; tiêu chuẩn cụ thể: Điều 27 khoản 3)", False),
    ("cstd-tinh", "province", False, f"{LAW_2022}, Điều 79 (chưa đối chiếu); tiêu chuẩn: Điều 22", False),
    ("co-tinh", "province", True, f"{LAW_2022}, Điều 79 (chưa đối chiếu; tiêu chuẩn cụ thể: Điều 26 khoản 3)", False),
    ("bang-khen-tinh", "province", True, f"{LAW_2022}, Điều 74 (Bằng khen của Chủ tịch UBND cấp tỉnh)", True),
    ("bang-khen-ttg", "prime-minister", False, f"{LAW_2022}, Điều 73", True),
    ("cstd-toan-quoc", "prime-minister", False, f"{LAW_2022}, Điều 21; {ND98}, Điều 33", True),
    ("hcld-3", "president", False, f"{LAW_2022}, Điều 44 (Huân chương do Chủ tịch nước quyết định)", True),
]


def r(title, rule, source, *, number=None, ref=None, grade=None, scope=None, years=None, path="", candidate="",
      verified=True):
    return dict(title=title, rule=rule, source=source, number=number, ref=ref, grade=grade, scope=scope, years=years,
                path=path, candidate=candidate, verified=verified)


def era_b_rows(decree, votes_verified):
    vote_source = f"{ND98}, Điều 30 khoản 7" if votes_verified else f"{decree} (chưa đối chiếu; theo {ND98}, Điều 30 khoản 7)"
    art74 = f"{LAW_2022}, Điều 74 khoản 1 điểm d"
    return [
        # Bằng khen của Chủ tịch UBND tỉnh (individual): 02 lần liên tục CSTĐCS, or 02 years HTXS with 02
        # initiatives applied at cơ sở level in that time.
        r("bang-khen-tinh", "consecutive-title", art74, number=2, ref="cstdcs", path="a", candidate="person"),
        r("bang-khen-tinh", "consecutive-grade", art74, number=2, grade=EXCELLENT, path="b", candidate="person"),
        r("bang-khen-tinh", "initiatives-in-period", art74, number=2, years=2, scope=BASE, path="b",
          candidate="person"),
        # Collective: criteria restated by a province (Bắc Ninh QĐ 86/2025), not the law's text: unverified.
        r("bang-khen-tinh", "consecutive-grade", f"{LAW_2022}, Điều 74 (tiêu chuẩn tập thể do tỉnh quy định)",
          number=2, grade=EXCELLENT, candidate="unit", verified=False),
        # Bằng khen của Thủ tướng (individual): holds a Bằng khen tỉnh, then ≥ 5 years HTT or better, with 03 CSTĐCS.
        r("bang-khen-ttg", "holds-then-grades", f"{LAW_2022}, Điều 73 khoản 1 điểm b", number=5, grade=GOOD,
          ref="bang-khen-tinh", candidate="person"),
        r("bang-khen-ttg", "title-count-in-period", f"{LAW_2022}, Điều 73 khoản 1 điểm b", number=3, years=5,
          ref="cstdcs", candidate="person"),
        # Chiến sĩ thi đua toàn quốc: 02 lần liên tục CSTĐ tỉnh, an initiative of nationwide effect.
        r("cstd-toan-quoc", "consecutive-title", f"{LAW_2022}, Điều 21 khoản 1 điểm a", number=2, ref="cstd-tinh"),
        r("cstd-toan-quoc", "initiative-required", f"{LAW_2022}, Điều 21 khoản 1 điểm b, khoản 2", number=6,
          scope=NATION),
        r("cstd-toan-quoc", "council-vote", vote_source, number=90, verified=votes_verified),
        # Huân chương Lao động hạng Ba: holds a Bằng khen Thủ tướng, then ≥ 5 years HTT or better, ≥ 1 HTXS, 03 CSTĐCS.
        r("hcld-3", "holds-then-grades", f"{LAW_2022}, Điều 44 khoản 1 điểm e", number=5, grade=GOOD,
          ref="bang-khen-ttg"),
        r("hcld-3", "grade-count-in-period", f"{LAW_2022}, Điều 44 khoản 1 điểm e", number=1, years=5,
          grade=EXCELLENT),
        r("hcld-3", "title-count-in-period", f"{LAW_2022}, Điều 44 khoản 1 điểm e", number=3, years=5, ref="cstdcs"),
        # Cờ thi đua của UBND tỉnh: the province's khối/cụm leaders; the law's wording was read only as restated.
        r("co-tinh", "min-grade", f"{LAW_2022}, Điều 26 khoản 1 (chưa đối chiếu)", grade=EXCELLENT, verified=False),
        r("co-tinh", "council-vote", vote_source, number=80, verified=votes_verified),
    ]


ND152_ROWS = [
    # Điều 4: no award and no proposal while under review; after a sanction, only from the end of its period.
    r(None, "not-under-review", f"{ND152}, Điều 4"),
    r(None, "no-sanction-in-force", f"{ND152}, Điều 4"),
    # The HTXS grade capped at 20 % of those graded HTT, a warning on the grades (it changes no verdict).
    r(None, "excellent-grade-cap",
      "Nghị định 335/2025/NĐ-CP (công chức, từ 01/01/2026); Nghị định 233/2026/NĐ-CP (viên chức, từ 01/07/2026, đến "
      "25 % khi đơn vị được xếp loại HTXS); trước đó Nghị định 48/2023/NĐ-CP theo tỷ lệ đảng viên",
      number=20, grade=EXCELLENT),
]

# The texts a plan made under each framework cites at its head (the province's own regulation as a placeholder the
# office fills in).
PROVINCE_REGULATION = ("Quyết định", "…/QĐ-UBND", None, "Ủy ban nhân dân tỉnh",
                       "ban hành Quy định về công tác thi đua, khen thưởng trên địa bàn tỉnh (bổ sung số, ngày ban hành)")
DOCUMENTS = {
    ERA_B_98: [
        ("Luật", "06/2022/QH15", "2022-06-15", "Quốc hội", "Luật Thi đua, khen thưởng"),
        ("Nghị định", "98/2023/NĐ-CP", "2023-12-31", "Chính phủ", "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"),
        ("Thông tư", "01/2024/TT-BNV", "2024-02-24", "Bộ Nội vụ", "quy định biện pháp thi hành Luật Thi đua, khen thưởng"),
        PROVINCE_REGULATION,
    ],
    ERA_B_152: [
        ("Luật", "06/2022/QH15", "2022-06-15", "Quốc hội", "Luật Thi đua, khen thưởng"),
        ("Nghị định", "152/2025/NĐ-CP", "2025-06-14", "Chính phủ",
         "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng và phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng"),
        ("Thông tư", "15/2025/TT-BNV", None, "Bộ Nội vụ", "hướng dẫn thi hành Luật Thi đua, khen thưởng và Nghị định 152/2025/NĐ-CP"),
        PROVINCE_REGULATION,
    ],
    ERA_A: [
        ("Luật", "15/2003/QH11", "2003-11-26", "Quốc hội", "Luật Thi đua, khen thưởng (sửa đổi, bổ sung năm 2005 và 2013)"),
        ("Nghị định", "91/2017/NĐ-CP", "2017-07-31", "Chính phủ", "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"),
        ("Thông tư", "12/2019/TT-BNV", "2019-11-04", "Bộ Nội vụ", "quy định chi tiết thi hành một số điều của Nghị định 91/2017/NĐ-CP"),
    ],
}

ROWS = {ERA_B_98: era_b_rows(ND98, True), ERA_B_152: era_b_rows(ND152, False) + ND152_ROWS}
AUTHORITIES = {ERA_A: ERA_A_AUTHORITIES, ERA_B_98: ERA_B_AUTHORITIES, ERA_B_152: ERA_B_AUTHORITIES}


def load(apps, schema_editor):
    Title = apps.get_model("emulation", "Title")
    LegalFramework = apps.get_model("emulation", "LegalFramework")
    LawRule = apps.get_model("emulation", "LawRule")
    TitleAuthority = apps.get_model("emulation", "TitleAuthority")
    FrameworkDocument = apps.get_model("emulation", "FrameworkDocument")
    last = Title.objects.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
    for offset, (code, name, kind, category, _includes, aliases) in enumerate(NEW_TITLES, start=1):
        Title.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "category": category, "aliases": "\n".join(aliases),
                      "sort_order": last + offset},
        )
    titles = {title.code: title for title in Title.objects.all()}
    for framework in LegalFramework.objects.filter(name__in=AUTHORITIES):
        if not FrameworkDocument.objects.filter(framework=framework).exists():
            for order, (kind, number, issued_on, issuer, subject) in enumerate(DOCUMENTS.get(framework.name, [])):
                FrameworkDocument.objects.create(
                    framework=framework, sort_order=order, kind=kind, number=number, issued_on=issued_on,
                    issuer=issuer, subject=subject,
                )
        for order, (code, decided_by, delegated, source, verified) in enumerate(AUTHORITIES[framework.name]):
            if code in titles:
                TitleAuthority.objects.get_or_create(
                    framework=framework,
                    title=titles[code],
                    defaults={"decided_by": decided_by, "criteria_delegated": delegated, "source": source,
                              "verified": verified, "sort_order": order},
                )
        order = framework.rules.count()
        for row in ROWS.get(framework.name, []):
            title = titles[row["title"]] if row["title"] else None
            exists = LawRule.objects.filter(
                framework=framework, title=title, rule=row["rule"], path=row["path"], candidate=row["candidate"]
            ).exists()
            if exists:
                continue
            LawRule.objects.create(
                framework=framework,
                sort_order=order,
                title=title,
                rule=row["rule"],
                number=row["number"],
                ref_title=titles[row["ref"]] if row["ref"] else None,
                grade=row["grade"],
                scope=row["scope"],
                years=row["years"],
                path=row["path"],
                candidate=row["candidate"],
                source=row["source"],
                verified=row["verified"],
            )
            order += 1


class Migration(migrations.Migration):
    dependencies = [("emulation", "0017_law_in_force")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
