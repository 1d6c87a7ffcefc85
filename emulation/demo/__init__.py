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


# The councils' demo accounts (with DEMO_PASSWORD, like the units'): username -> (full name, position). `hoidong`
# (the Hội đồng TĐKT unit's account, above) is the Department council's secretary.
COUNCIL_ACCOUNTS = {
    "chutich": ("Đào Thị Thu Nguyệt", "Giám đốc Sở"),
    "thanhvien1": ("Nguyễn Văn Bình", "Phó Giám đốc Sở"),
    "thanhvien2": ("Trần Thị Cúc", "Chủ tịch Công đoàn cơ sở"),
}
DEPARTMENT_COUNCIL = "Hội đồng Thi đua – Khen thưởng Sở"


def department_seats():
    """The Department council's seats (username, role, position), the same every year of the demo."""
    from emulation.models import CouncilMember

    Role = CouncilMember.Role
    return [
        ("chutich", Role.CHAIR, "Giám đốc Sở"),
        ("thanhvien1", Role.DEPUTY, "Phó Giám đốc Sở"),
        ("hoidong", Role.SECRETARY, "Chánh Văn phòng Sở"),
        ("thanhvien2", Role.MEMBER, "Chủ tịch Công đoàn cơ sở"),
    ]


MEETING_PLACE = "Phòng họp Sở Công Thương"


def _council(name, year, seats, kind="so", unit=None):
    """A council of the year with its members, `seats` being (username, role, position) rows (made once)."""
    from django.contrib.auth import get_user_model

    from emulation.models import Council, CouncilMember

    council = Council.objects.filter(name=name, year=year).first()
    if council is not None:
        return council, False
    users = {user.username: user for user in get_user_model().objects.filter(username__in=[s[0] for s in seats])}
    council = Council(name=name, year=year, kind=kind, unit=unit)
    council.members = [
        CouncilMember(user=users[username], role=role, position=position) for username, role, position in seats
    ]
    council.save()
    return council, True


def load_councils(today=None):
    """The councils of 2020 (the Department's, the initiative council, the two unit councils the plan names) with
    the demo accounts as members; the Department council's 2020 meeting with its ballot closed, its tally giving the
    2020 awards (the CSTĐCS quota of 4 leaving two eligible out, in the order of the votes); and the council of the
    open year with a meeting whose ballot is OPEN for the demo accounts to vote in.

    The open year is the latest emulation year (the coming one); when nobody is eligible there yet (no grades), the
    year in progress, whose grades are recorded. Nothing without DEMO_PASSWORD (no accounts, no members)."""
    from django.utils import timezone

    from emulation import services
    from emulation.models import Council, CouncilMember
    from emulation.services_councils import eligible_pairs

    if not settings.DEMO_PASSWORD:
        return None
    User = get_user_model()
    for username, (full_name, _position) in COUNCIL_ACCOUNTS.items():
        if not User.objects.filter(username=username).exists():
            user = User.objects.create_user(username, f"{username}@demo.thidua.invalid", settings.DEMO_PASSWORD)
            user.first_name = full_name
            user.save(update_fields=["first_name"])
    secretary = User.objects.filter(username="hoidong").first()
    if secretary is None:
        return None
    if not secretary.first_name:  # the minutes name the secretary: the unit account gets a person's name
        secretary.first_name = "Nguyễn Thị Thư"
        secretary.save(update_fields=["first_name"])
    seats = department_seats()
    council, created = _council(DEPARTMENT_COUNCIL, 2020, seats)
    _council("Hội đồng sáng kiến Sở", 2020, seats, kind="sang-kien")
    for code, name, account in (
        ("VP", "Hội đồng thi đua Văn phòng Sở", "vanphong"),
        ("TTKC", "Hội đồng thi đua TTKC & XTTM", "ttkc"),
    ):
        if User.objects.filter(username=account).exists():
            Role = CouncilMember.Role
            unit_seats = [("thanhvien1", Role.CHAIR, "Phó Giám đốc Sở"), (account, Role.SECRETARY, "")]
            _council(name, 2020, unit_seats, kind="don-vi", unit=Unit.objects.get(code=code))
    if created:
        _closed_2020_ballot(council)
    today = today or timezone.localdate()
    latest = EmulationYear.objects.order_by("-year").first()
    year = latest.year if latest else today.year + 1
    if not eligible_pairs(Council(year=year)):
        year = today.year
    current, created = _council(DEPARTMENT_COUNCIL, year, seats)
    if created:
        meeting = services.meeting_create(council=current, date=today, place=MEETING_PLACE)
        for candidate in meeting.candidates.select_related("title"):
            if candidate.title.code in ("ldtt", "giay-khen"):
                reason = "Xét ở hội đồng đơn vị" if candidate.title.code == "ldtt" else "Xét ở phiên cuối năm"
                services.candidate_set_included(candidate=candidate, included=False, reason=reason)
        services.ballot_open(meeting=meeting)
    return council


def _closed_2020_ballot(council):
    """The 2020 meeting of the Department's council: the eligible candidates but the Giấy khen rows the Sở did not
    give and the TTLĐTT of the two units proposed for TTLĐXS; four votes (one written); closed."""
    from django.contrib.auth import get_user_model

    from emulation import services
    from emulation.models import Award, Decision, MeetingAttendee

    User = get_user_model()
    meeting = services.meeting_create(council=council, date=datetime.date(2020, 12, 15), place=MEETING_PLACE)
    awarded = set(Award.objects.filter(year=2020).values_list("title__code", "person__code", "unit__code"))
    for candidate in meeting.candidates.select_related("title", "person", "unit"):
        key = (
            candidate.title.code,
            candidate.person.code if candidate.person_id else None,
            candidate.unit.code if candidate.unit_id else None,
        )
        if candidate.title.code == "giay-khen" and key not in awarded:
            services.candidate_set_included(candidate=candidate, included=False, reason="Không đề nghị năm 2020")
        elif candidate.title.code == "ttldtt" and key not in awarded:
            services.candidate_set_included(
                candidate=candidate, included=False, reason="Đề nghị danh hiệu Tập thể lao động xuất sắc"
            )
    members = {member.user.username: member for member in council.members.select_related("user")}
    services.meeting_update_attendance(
        meeting=meeting, presence={members["thanhvien2"].pk: MeetingAttendee.Presence.WRITTEN}
    )
    services.ballot_open(meeting=meeting)
    candidates = list(meeting.candidates.filter(included=True).select_related("title", "person"))
    # Against: CSTĐCS of the two eligible people the quota leaves out (P012 once, P037 twice).
    against = {"P012": {"thanhvien2"}, "P037": {"thanhvien1", "thanhvien2"}}
    for username, member in members.items():
        choices = {
            c.pk: not (c.title.code == "cstdcs" and username in against.get(c.person.code, ())) for c in candidates
        }
        written = username == "thanhvien2"
        services.ballot_vote(
            meeting=meeting,
            member=member,
            choices=choices,
            user=User.objects.get(username="hoidong") if written else member.user,
            written=written,
        )
    services.ballot_close(meeting=meeting, user=members["chutich"].user)
    meeting.decision = Decision.objects.filter(number__startswith="1198/", date__year=2020).first()
    meeting.save(update_fields=["decision"])
    return meeting


DEMO_FUND_NOTE = (
    "Số liệu minh hoạ (demo), không phải số liệu thật của Sở: số dư đầu năm và các khoản thu do Văn phòng nhập lại "
    "theo sổ sách."
)
# year: (opening balance, [(date, source, amount)]), in đồng; demo figures. The 2026 fund only when the demo has a
# decision dated in 2026.
DEMO_FUNDS = {
    2020: (
        8_350_000,
        [
            (datetime.date(2020, 1, 20), "Trích lập từ dự toán ngân sách năm 2020 (số liệu minh hoạ)", 40_000_000),
            (datetime.date(2020, 7, 10), "Ủng hộ của Công đoàn cơ sở Sở (số liệu minh hoạ)", 5_000_000),
        ],
    ),
    2026: (
        12_600_000,
        [(datetime.date(2026, 1, 15), "Trích lập từ dự toán ngân sách năm 2026 (số liệu minh hoạ)", 60_000_000)],
    ),
}


def load_funds():
    """The reward funds of 2020 and (when a decision is dated in it) 2026, through the services; once per year: a
    fund the office has recorded is left as it is. Returns the years created."""
    from emulation import services
    from emulation.models import FundIncome, RewardFund

    created = []
    for year, (opening, incomes) in DEMO_FUNDS.items():
        if RewardFund.objects.filter(year=year).exists():
            continue
        if year != 2020 and not Decision.objects.filter(date__year=year).exists():
            continue
        fund = RewardFund(year=year, opening_balance=opening, note=DEMO_FUND_NOTE)
        fund.incomes = [FundIncome(date=day, description=text, amount=value) for day, text, value in incomes]
        services.fund_save(fund)
        created.append(year)
    return created


# The 2026 proposal to the province: a meeting of the Sở council on the titles the Chủ tịch UBND tỉnh decides, its
# ballot, the proposal built from it, sent, and the province's decision recorded (demo numbers and names).
PROPOSAL_YEAR = 2026
PROPOSAL_MEETING = datetime.date(2026, 11, 10)
PROPOSED = {("bang-khen-tinh", "P004"), ("bang-khen-tinh", "VP"), ("bang-khen-tinh", "TTKC")}
PROVINCE_DECISION = {
    "number": "1520/QĐ-UBND",
    "date": datetime.date(2026, 11, 25),
    "authority": "UBND tỉnh Gia Lai",
    "signer": "Lê Minh Tâm",
}
REFUSED_REASON = (
    "Chưa đủ 03 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở (Nghị định 152/2025/NĐ-CP); đề nghị xét lại khi đủ "
    "điều kiện."
)


def load_proposals():
    """The 2026 proposal to the Chủ tịch UBND tỉnh, through the services: a meeting of the Sở council on 10/11/2026
    putting to the vote the Bằng khen của Chủ tịch UBND tỉnh of the three eligible (Phạm Thị Dung, Văn phòng Sở, TTKC
    & XTTM) and the Chiến sĩ thi đua cấp tỉnh of Huỳnh Văn Phúc (added by the office), every member in favour; round
    1 of the proposal (all but TTKC's Bằng khen, left for the office to propose as round 2) sent on 13/11/2026; the
    province's decision of 25/11/2026 recorded: the two Bằng khen awarded and public, the CSTĐ cấp tỉnh refused with
    the province's reason. Once (while 2026 has no proposal); nothing without the council's accounts."""
    from django.contrib.auth import get_user_model

    from emulation import services
    from emulation.models import Authority, Person, Proposal

    if not settings.DEMO_PASSWORD or Proposal.objects.filter(year=PROPOSAL_YEAR).exists():
        return None
    users = {user.username: user for user in get_user_model().objects.filter(username__in=["chutich", "hoidong"])}
    if len(users) < 2:
        return None
    seats = department_seats()
    council, _created = _council(DEPARTMENT_COUNCIL, PROPOSAL_YEAR, seats)
    meeting = services.meeting_create(council=council, date=PROPOSAL_MEETING, place=MEETING_PLACE)
    for candidate in meeting.candidates.select_related("title", "person", "unit"):
        code = candidate.person.code if candidate.person_id else candidate.unit.code
        if (candidate.title.code, code) not in PROPOSED:
            services.candidate_set_included(candidate=candidate, included=False, reason="Xét ở phiên cuối năm")
    services.candidate_add(
        meeting=meeting,
        title=Title.objects.get(code="cstd-tinh"),
        person=Person.objects.get(code="P023"),
        reason="Hội đồng thi đua đơn vị đề nghị, căn cứ thành tích 2024–2026",
    )
    services.ballot_open(meeting=meeting)
    candidates = list(meeting.candidates.filter(included=True))
    for member in council.members.select_related("user"):
        services.ballot_vote(meeting=meeting, member=member, choices={c.pk: True for c in candidates}, user=member.user)
    services.ballot_close(meeting=meeting, user=users["chutich"])
    chosen = [
        c
        for c in services.proposable_candidates(PROPOSAL_YEAR, Authority.PROVINCE)
        if c.meeting_id == meeting.pk and not (c.unit_id and c.unit.code == "TTKC")
    ]
    proposal = services.proposal_create(
        year=PROPOSAL_YEAR,
        authority=Authority.PROVINCE,
        candidates=chosen,
        on=datetime.date(2026, 11, 12),
        user=users["hoidong"],
    )
    services.proposal_send(
        proposal=proposal,
        on=datetime.date(2026, 11, 13),
        number="145/TTr-SCT",
        submitted_on=datetime.date(2026, 11, 12),
        note="Gửi qua hệ thống quản lý văn bản và điều hành (minh hoạ)",
        user=users["hoidong"],
    )
    document = get_document_model()(title=f"Quyết định số {PROVINCE_DECISION['number']}")
    document.file.save(
        f"quyet-dinh-{PROVINCE_DECISION['number'].replace('/', '-')}.pdf",
        ContentFile(_pdf(f"Quyet dinh so {PROVINCE_DECISION['number']} (minh hoa)")),
        save=False,
    )
    document.save()
    outcomes = {
        entry.pk: (False, REFUSED_REASON) if entry.title.code == "cstd-tinh" else (True, "")
        for entry in proposal.entries.select_related("title")
    }
    return services.proposal_record_decision(
        proposal=proposal, outcomes=outcomes, document=document, public=True, user=users["hoidong"], **PROVINCE_DECISION
    )
