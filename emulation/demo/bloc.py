"""The demo's emulation bloc: the 2020 Khối thi đua các sở, ngành kinh tế tỉnh (Gia Lai) with its members, the
covenant's scoring table, the Sở's self-score, the members' self-scores (imported from their workbooks: the Sở heads
the bloc in 2020 in the demo) and the bloc's results. All of it marked as demo data; the other members' names are
plausible, their figures invented. Loaded through the services; safe to load twice (an existing bloc is left as the
office made it)."""

import datetime
import io
from decimal import Decimal

import openpyxl

from emulation import services
from emulation.bloc_workbooks import SCORE_HEADER_ROW, SCORE_SHEET, member_template
from emulation.models import Bloc, BlocAgency, BlocMember, BlocPeriod, Covenant, CovenantCriterion, Measure

BLOC_NAME = "Khối thi đua các sở, ngành kinh tế tỉnh"
DECISION = "Quyết định số 45/QĐ-UBND ngày 20/01/2020 của UBND tỉnh Gia Lai về việc chia khối thi đua (dữ liệu mẫu)"
OWN = ("SCT", "Sở Công Thương", "SCT")
AGENCIES = [
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"),
    ("STC", "Sở Tài chính", "Sở TC"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"),
    ("SXD", "Sở Xây dựng", "Sở XD"),
    ("SGTVT", "Sở Giao thông vận tải", "Sở GTVT"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT"),
    ("CTHUE", "Cục Thuế tỉnh", "Cục Thuế"),
    ("KBNN", "Kho bạc Nhà nước tỉnh", "KBNN tỉnh"),
]
# The Sở heads the bloc in 2020 in the demo (the head rotates), so the members' workbooks and the summary show.
ROLES = {"SCT": BlocMember.Role.HEAD, "SKHDT": BlocMember.Role.DEPUTY}

G1 = "I. Công tác chỉ đạo, tổ chức phong trào thi đua"
G2 = "II. Công tác khen thưởng, phát hiện và nhân rộng điển hình"
G3 = "III. Thực hiện nhiệm vụ chính trị, chuyên môn"
G4 = "IV. Điểm thưởng, điểm trừ"
K, B, P = CovenantCriterion.Kind.CRITERION, CovenantCriterion.Kind.BONUS, CovenantCriterion.Kind.PENALTY
ALL, PROP = CovenantCriterion.Rule.ALL_OR_NOTHING, CovenantCriterion.Rule.PROPORTIONAL
# (code, group, name, kind, max, evidenced by, measure, target, by date, rule)
CRITERIA = [
    (
        "1.1",
        G1,
        "Ban hành kế hoạch triển khai công tác thi đua, khen thưởng năm trước ngày 28/02",
        K,
        5,
        "Kế hoạch của cơ quan",
        Measure.PLAN_ON_TIME,
        None,
        datetime.date(2020, 2, 28),
        ALL,
    ),
    (
        "1.2",
        G1,
        "Tổ chức đăng ký thi đua, ký kết giao ước thi đua đúng thời hạn",
        K,
        5,
        "Bản đăng ký thi đua của các đơn vị; giao ước đã ký",
        Measure.REGISTRATION_SHARE,
        100,
        None,
        PROP,
    ),
    (
        "1.3",
        G1,
        "Hưởng ứng, tham gia đầy đủ các phong trào thi đua do Khối phát động",
        K,
        5,
        "Kế hoạch hưởng ứng, báo cáo kết quả",
        "",
        None,
        None,
        ALL,
    ),
    (
        "1.4",
        G1,
        "Tham dự đầy đủ hội nghị sơ kết, tổng kết của Khối",
        K,
        5,
        "Giấy mời, danh sách tham dự",
        "",
        None,
        None,
        ALL,
    ),
    (
        "1.5",
        G1,
        "Thực hiện đúng thời hạn các nhiệm vụ của kế hoạch thi đua, khen thưởng (báo cáo, đăng ký)",
        K,
        10,
        "Các báo cáo, văn bản đã gửi",
        Measure.PLAN_TASKS_ON_TIME,
        100,
        None,
        PROP,
    ),
    (
        "2.1",
        G2,
        "Tuyên truyền, nêu gương điển hình tiên tiến, người tốt việc tốt (ít nhất 4 bài trong năm)",
        K,
        10,
        "Bài viết trên Cổng thông tin của Sở",
        Measure.EXEMPLARY_ARTICLES,
        4,
        None,
        PROP,
    ),
    (
        "2.2",
        G2,
        "Sáng kiến được Hội đồng sáng kiến công nhận (ít nhất 3 sáng kiến)",
        K,
        10,
        "Quyết định công nhận sáng kiến",
        Measure.INITIATIVES,
        3,
        None,
        PROP,
    ),
    (
        "2.3",
        G2,
        "Khen thưởng kịp thời, đúng đối tượng; chú trọng người lao động trực tiếp",
        K,
        10,
        "Quyết định khen thưởng",
        Measure.AWARDS,
        10,
        None,
        ALL,
    ),
    (
        "3.1",
        G3,
        "Hoàn thành các chỉ tiêu kinh tế - xã hội được UBND tỉnh giao",
        K,
        20,
        "Báo cáo kinh tế - xã hội năm",
        "",
        None,
        None,
        ALL,
    ),
    (
        "3.2",
        G3,
        "Cải cách hành chính, ứng dụng công nghệ thông tin, chuyển đổi số",
        K,
        10,
        "Kết quả chỉ số cải cách hành chính (PAR Index)",
        "",
        None,
        None,
        ALL,
    ),
    (
        "3.3",
        G3,
        "Thực hiện chế độ thông tin, báo cáo với Khối đúng thời hạn",
        K,
        10,
        "Văn bản gửi Trưởng khối",
        "",
        None,
        None,
        ALL,
    ),
    (
        "4.1",
        G4,
        "Điểm thưởng: có tập thể, cá nhân được cấp trên tặng Cờ thi đua, Bằng khen",
        B,
        5,
        "Quyết định khen thưởng của cấp trên",
        "",
        None,
        None,
        ALL,
    ),
    (
        "4.2",
        G4,
        "Điểm trừ: gửi báo cáo chậm hoặc không tham dự hội nghị của Khối",
        P,
        5,
        "Thông báo của Trưởng khối",
        "",
        None,
        None,
        ALL,
    ),
]
# The Sở's own self-score: blank points keep the portal's computed figure; 1.1 is typed over it (the plan page has no
# date of issue, the task 1.1 says when the plan was done).
OWN_SCORES = {
    "1.1": ("5", "Nhiệm vụ 1.1 của Kế hoạch hoàn thành ngày 25/02/2020 (trang Kế hoạch năm 2020 trên Cổng)."),
    "1.2": ("", "Giao ước thi đua Khối ký ngày 27/02/2020."),
    "1.3": ("5", "Hưởng ứng phong trào “Doanh nghiệp vượt khó” của Khối; báo cáo kết quả ngày 30/11/2020."),
    "1.4": ("5", "Dự hội nghị sơ kết ngày 10/07/2020 và tổng kết ngày 15/01/2021."),
    "1.5": ("", ""),
    "2.1": ("", ""),
    "2.2": ("", ""),
    "2.3": ("", ""),
    "3.1": ("19", "Báo cáo tình hình kinh tế - xã hội ngành Công Thương năm 2020."),
    "3.2": ("9", "Chỉ số cải cách hành chính năm 2020 xếp loại Tốt."),
    "3.3": ("9", "Một báo cáo 6 tháng gửi chậm 04 ngày (19/06/2020)."),
    "4.1": ("3", "Bằng khen của Bộ Công Thương cho Trung tâm Khuyến công."),
    "4.2": ("1", "Báo cáo sơ kết 6 tháng gửi chậm."),
}
# The members' self-scores (points by criterion in the order of CRITERIA) and the bloc's results, invented.
MEMBER_SCORES = {
    "SKHDT": [5, 5, 5, 5, 9, 8, 9, 10, 20, 10, 10, 4, 0],
    "STC": [5, 5, 5, 5, 10, 7, 8, 10, 19, 10, 10, 3, 0],
    "SNNPTNT": [5, 4, 5, 5, 9, 9, 10, 10, 19, 9, 9, 5, 1],
    "SXD": [4, 5, 5, 4, 8, 6, 7, 9, 18, 9, 9, 2, 1],
}
RESULTS = {
    "SKHDT": "97",
    "SCT": "96.5",
    "STC": "96.5",
    "SNNPTNT": "95",
    "SXD": "92",
    "SGTVT": "93.5",
    "STNMT": "94",
    "CTHUE": "95",
    "KBNN": "91",
}


def _agencies():
    agencies = {}
    for code, name, short in [OWN, *AGENCIES]:
        agency = BlocAgency.objects.filter(code=code).first()
        if agency is None:
            agency = BlocAgency(code=code, name=name, short_name=short, is_own=code == OWN[0], demo=True)
            if agency.is_own and BlocAgency.objects.filter(is_own=True).exists():
                agency.is_own = False
            agency.full_clean()
            agency.save()
        agencies[code] = agency
    return agencies


def _filled_workbook(covenant, member, points):
    data = member_template(covenant, member, BlocPeriod.YEAR_END)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook[SCORE_SHEET]
    for offset, value in enumerate(points, start=SCORE_HEADER_ROW + 1):
        sheet.cell(row=offset, column=6, value=value)
        sheet.cell(row=offset, column=7, value="Báo cáo tự chấm điểm của cơ quan (dữ liệu mẫu)")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def load_bloc():
    """The 2020 bloc, its covenant, scores and results; nothing when the bloc is there already."""
    if Bloc.objects.filter(name=BLOC_NAME, year=2020).exists():
        return None
    agencies = _agencies()
    bloc = Bloc(
        name=BLOC_NAME,
        year=2020,
        decision=DECISION,
        covenant_deadline=datetime.date(2020, 2, 28),
        half_year_conference=datetime.date(2020, 7, 10),
        year_end_conference=datetime.date(2021, 1, 15),
        movements="Phong trào “Doanh nghiệp vượt khó, phát triển bền vững” năm 2020\n"
        "Phong trào “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”",
        movements_until=datetime.date(2020, 11, 30),
        flag_quota=2,
        demo=True,
    )
    bloc.members = [
        BlocMember(agency=agencies[code], role=ROLES.get(code, BlocMember.Role.MEMBER), sort_order=position)
        for position, code in enumerate([OWN[0]] + [code for code, _name, _short in AGENCIES])
    ]
    services.bloc_save(bloc)
    covenant = Covenant(bloc=bloc, signed_on=datetime.date(2020, 2, 27), note="Dữ liệu mẫu.")
    covenant.criteria = [
        CovenantCriterion(
            code=code,
            group=group,
            name=name,
            kind=kind,
            max_points=Decimal(maximum),
            evidence_hint=hint,
            measure=measure,
            measure_target=None if target is None else Decimal(target),
            measure_deadline=deadline,
            measure_rule=rule,
            sort_order=position,
        )
        for position, (code, group, name, kind, maximum, hint, measure, target, deadline, rule) in enumerate(CRITERIA)
    ]
    services.covenant_save(covenant)
    members = {member.agency.code: member for member in bloc.members.select_related("agency")}
    by_code = {criterion.code: criterion for criterion in covenant.criteria.all()}
    services.bloc_self_score_save(
        covenant=covenant,
        member=members[OWN[0]],
        period=BlocPeriod.YEAR_END,
        values={by_code[code].pk: value for code, value in OWN_SCORES.items()},
    )
    services.bloc_member_scores_import(
        covenant=covenant,
        files=[
            (f"tu-cham-diem-{code.lower()}.xlsx", _filled_workbook(covenant, members[code], points))
            for code, points in MEMBER_SCORES.items()
        ],
        period=BlocPeriod.YEAR_END,
    )
    services.bloc_results_save(bloc=bloc, values={members[code].pk: (points, "") for code, points in RESULTS.items()})
    return bloc


def load_bloc_proposal():
    """The 2020 bloc's proposal to the province, prepared (not sent): the Cờ thi đua của UBND tỉnh for its leading
    members (Sở KH&ĐT first, the Sở and Sở Tài chính tied second: the flag quota is 2, so a tie at its edge leads
    too), for a new user to see it on the bloc's page and among the proposals. Once: nothing when the bloc has one."""
    from emulation.models import Proposal

    bloc = Bloc.objects.filter(name=BLOC_NAME, year=2020).first()
    if bloc is None or Proposal.objects.filter(bloc=bloc).exists():
        return None
    return services.bloc_proposal_create(bloc=bloc, on=datetime.date(2021, 1, 20))
