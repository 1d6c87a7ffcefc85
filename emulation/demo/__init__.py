"""Demo records. Safe to load twice: what exists is left as the office edited it.

The 2020 records come from `records-2020.xlsx`, a workbook in the exchange format, loaded through the importer;
what the format does not carry (council members' scores, pledge texts, the decisions' PDFs) is added through the
services the admin and the forms use.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from emulation.importers import import_workbook
from emulation.models import (
    Decision,
    EmulationRegistration,
    EmulationYear,
    Initiative,
    InitiativeScore,
    PlanRule,
    RuleRow,
    ScoringCriterion,
    Title,
    Unit,
    UnitAccount,
)

WORKBOOK = Path(__file__).resolve().parent / "records-2020.xlsx"
# The years since, under Law 2022 (Nghị định 98/2023, then 152/2025): grades, sanctions and reviews of 2024–2026,
# the Sở's awards of 2024 and 2025, a Tập thể lao động xuất sắc decided by the Chủ tịch UBND tỉnh; and each
# person's gender and staff category.
RECENT_WORKBOOK = Path(__file__).resolve().parent / "records-2024-2026.xlsx"

# (code, name, short name, kind), in the order the department lists them.
DEMO_UNITS = [
    ("VP", "Văn phòng Sở", "Văn phòng", Unit.Kind.OFFICE),
    ("TTRA", "Thanh tra Sở", "Thanh tra", Unit.Kind.DIVISION),
    ("KHTC", "Phòng Kế hoạch – Tài chính", "P. KH-TC", Unit.Kind.DIVISION),
    ("QLCN", "Phòng Quản lý Công nghiệp", "P. QLCN", Unit.Kind.DIVISION),
    ("QLTM", "Phòng Quản lý Thương mại", "P. QLTM", Unit.Kind.DIVISION),
    ("QLNL", "Phòng Quản lý Năng lượng", "P. QLNL", Unit.Kind.DIVISION),
    ("KTAT", "Phòng Kỹ thuật an toàn – Môi trường", "P. KTAT-MT", Unit.Kind.DIVISION),
    ("TTKC", "Trung tâm Khuyến công và Xúc tiến thương mại", "TTKC & XTTM", Unit.Kind.CENTRE),
    ("CD", "Công đoàn cơ sở Sở Công Thương", "Công đoàn", Unit.Kind.UNION),
    ("CDTN", "Chi đoàn Thanh niên Sở", "Chi đoàn", Unit.Kind.YOUTH_UNION),
    ("HDTDKT", "Hội đồng Thi đua – Khen thưởng Sở", "Hội đồng TĐKT", Unit.Kind.COUNCIL),
]
PLAN_SOURCE = "Kế hoạch công tác thi đua, khen thưởng năm 2020 của Sở, mục IV.1"
COUNCIL = ["Đào Thị Thu Nguyệt", "Nguyễn Văn Bình", "Trần Thị Cúc", "Lê Văn Dũng", "Phạm Thị Hồng"]
CRITERIA = [("Tính mới", 30), ("Khả năng áp dụng, nhân rộng", 30), ("Hiệu quả mang lại", 40)]
PLEDGE = (
    "{unit} đăng ký phấn đấu hoàn thành xuất sắc nhiệm vụ năm 2020;\n100% công chức, người lao động "
    "đăng ký thi đua, thực hiện tốt nội quy, quy chế cơ quan và có ít nhất một sáng kiến được công nhận."
)


def load_units():
    """Create the demo units that are missing; return how many were created."""
    created = 0
    for position, (code, name, short_name, kind) in enumerate(DEMO_UNITS):
        _, was_created = Unit.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "kind": kind, "sort_order": position}
        )
        created += was_created
    return created


def load_year_2020():
    """The 2020 rule set as the plan sets it: deadlines, its own rules and the initiative scoring grid."""
    year, created = EmulationYear.objects.get_or_create(
        year=2020,
        defaults={
            "plan_reference": "Kế hoạch triển khai công tác thi đua, khen thưởng năm 2020",
            "registration_deadline": datetime.date(2020, 2, 28),
            "initiative_deadline": datetime.date(2020, 8, 28),
            "scoring_deadline": datetime.date(2020, 10, 30),
            "evaluation_deadline": datetime.date(2020, 12, 31),
        },
    )
    if not created:
        return year
    cstdcs = Title.objects.get(code="cstdcs")
    year.rules = [
        PlanRule(rule=RuleRow.Rule.REGISTRATION, source=PLAN_SOURCE),
        PlanRule(title=cstdcs, rule=RuleRow.Rule.INITIATIVE, scope=1, source=PLAN_SOURCE),
    ]
    year.criteria = [ScoringCriterion(name=name, max_points=points) for name, points in CRITERIA]
    year.participants = list(Unit.objects.filter(active=True).exclude(kind=Unit.Kind.COUNCIL))
    year.save()
    return year


def load_records(year):
    """Import the 2020 workbook, then add what the exchange format does not carry.

    Only once: afterwards the records are the office's, and loading the demo again must not undo their edits.
    Returns the import's result, or None when the records were already there.
    """
    if EmulationRegistration.objects.filter(year=2020).exists():
        return None
    result = import_workbook(WORKBOOK)
    criteria = list(year.criteria.all())
    for initiative in Initiative.objects.filter(year=2020).exclude(result=Initiative.Result.PENDING):
        if initiative.scores.exists() or initiative.recorded_score is None:
            continue
        target = initiative.recorded_score / 100  # spread the recorded total over the grid, member by member
        initiative.scores = [
            InitiativeScore(
                member=member,
                criterion=criterion,
                points=min(
                    Decimal(criterion.max_points),
                    (criterion.max_points * target + Decimal(offset - 2) / 2).quantize(Decimal("0.5")),
                ),
            )
            for offset, member in enumerate(COUNCIL)
            for criterion in criteria
        ]
        initiative.save()
    for registration in EmulationRegistration.objects.filter(year=2020, pledge=""):
        registration.pledge = PLEDGE.format(unit=registration.unit.name)
        registration.save(update_fields=["pledge"])
    Document = get_document_model()
    for decision in Decision.objects.filter(document__isnull=True, date__year=2020):
        decision.signer = decision.signer or "Đào Thị Thu Nguyệt"
        document = Document(title=f"Quyết định {decision.number}")
        document.file.save(
            f"quyet-dinh-{decision.number.replace('/', '-')}.pdf", ContentFile(_pdf(str(decision))), save=False
        )
        document.save()
        decision.document = document
        decision.save(update_fields=["document", "signer"])
    return result


def load_recent_records():
    """Import the 2024–2026 workbook once (while no 2026 grade exists); returns the import's result or None."""
    from emulation.models import Evaluation

    if Evaluation.objects.filter(year=2026).exists():
        return None
    return import_workbook(RECENT_WORKBOOK)


def _pdf(text):
    """A one-page PDF carrying `text` (ASCII only), enough to stand for a scanned signed decision."""
    safe = text.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    content = f"BT /F1 14 Tf 72 760 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# One portal account per demo unit: username -> unit code.
DEMO_ACCOUNTS = {
    "vanphong": "VP",
    "thanhtra": "TTRA",
    "khtc": "KHTC",
    "qlcn": "QLCN",
    "qltm": "QLTM",
    "qlnl": "QLNL",
    "ktat": "KTAT",
    "ttkc": "TTKC",
    "congdoan": "CD",
    "chidoan": "CDTN",
    "hoidong": "HDTDKT",
}


def load_accounts():
    """The demo units' portal accounts (staff role), with DEMO_PASSWORD. None made when it is not set."""
    if not settings.DEMO_PASSWORD:
        return 0
    User = get_user_model()
    created = 0
    for username, code in DEMO_ACCOUNTS.items():
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(username, f"{username}@demo.thidua.invalid", settings.DEMO_PASSWORD)
        UnitAccount.objects.create(user=user, unit=Unit.objects.get(code=code))
        created += 1
    return created
