"""Demo pages: the home page's introduction, an about page and the 2020 plan transcribed from the department's text.

Safe to load twice: a page that already exists (by slug) is left as editors made it.
"""

import datetime
import json
from pathlib import Path

from django.db import transaction

from emulation.models import Unit
from home.models import HomePage, HonorRollPage, PlanLegalBasis, PlanPage, PlanTask, StandardPage

DATA_DIR = Path(__file__).resolve().parent

HOME_INTRODUCTION = (
    "<p>Cổng thông tin Thi đua – Khen thưởng của Sở Công Thương tỉnh Gia Lai công bố kế hoạch thi đua hằng năm, "
    "thời hạn đăng ký thi đua và sáng kiến, các điển hình tiên tiến, nhân tố mới và gương người tốt việc tốt "
    "của ngành Công Thương.</p>"
)

ABOUT_PAGE = {
    "title": "Giới thiệu",
    "slug": "gioi-thieu",
    "introduction": "Cổng thông tin phục vụ phong trào thi đua và công tác khen thưởng của Sở Công Thương.",
    "body": [
        {
            "type": "paragraph",
            "value": "<p>Cổng thông tin do Văn phòng Sở quản lý, là nơi đăng tải kế hoạch công tác thi đua, khen thưởng "
            "hằng năm, các văn bản hướng dẫn và tin tức thi đua – khen thưởng của ngành, theo giải pháp "
            "“tăng cường công tác tuyên truyền… trên trang Web của Sở” của Kế hoạch năm 2020.</p>",
        },
        {
            "type": "list",
            "value": {
                "numbered": False,
                "items": [
                    "<p>Công chức, viên chức và người lao động theo dõi kế hoạch, thời hạn và nhiệm vụ của đơn vị mình.</p>",
                    "<p>Các phòng chuyên môn, đơn vị thuộc Sở đăng ký thi đua và sáng kiến trước thời hạn.</p>",
                    "<p>Văn phòng Sở và các Hội đồng theo dõi, tổng hợp, bình xét và báo cáo.</p>",
                ],
            },
        },
    ],
}


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _unit_codes(spec, groups):
    codes = []
    for item in [spec] if isinstance(spec, str) else spec or []:
        codes += groups.get(item, [item])
    return codes


def build_plan(data):
    """An unsaved PlanPage with its legal bases and tasks, from the demo data's structure."""
    units = {unit.code: unit for unit in Unit.objects.all()}
    groups = data.get("unit_groups", {})
    plan = PlanPage(
        title=data["title"],
        slug=data["slug"],
        year=data["year"],
        summary=data.get("summary", ""),
        preamble=data.get("preamble", ""),
        general_tasks=data.get("general_tasks", []),
        aims=data.get("aims", []),
        solutions=data.get("solutions", []),
        implementation=data.get("implementation", []),
        recipients=[{"type": "recipient", "value": line} for line in data.get("recipients", [])],
        signer_capacity=data.get("signer_capacity", ""),
        signer_name=data.get("signer_name", ""),
        show_in_menus=True,
    )
    plan.legal_bases = [
        PlanLegalBasis(
            kind=basis["kind"],
            number=basis["number"],
            issued_on=_date(basis.get("issued_on")),
            issuer=basis.get("issuer", ""),
            subject=basis.get("subject", ""),
            sort_order=position,
        )
        for position, basis in enumerate(data.get("legal_bases", []))
    ]
    plan.tasks = [
        PlanTask(
            period=task["period"],
            number=task["number"],
            text=task["text"],
            deadline=_date(task.get("deadline")),
            deadline_kind=task.get("deadline_kind", PlanTask.DeadlineKind.BEFORE),
            deadline_note=task.get("deadline_note", ""),
            lead_unit=units.get(task.get("lead")),
            co_units=[units[code] for code in _unit_codes(task.get("co"), groups)],
            other_parties=task.get("other", ""),
            status=task.get("status", PlanTask.Status.NOT_STARTED),
            done_on=_date(task.get("done_on")),
            sort_order=position,
        )
        for position, task in enumerate(data.get("tasks", []))
    ]
    return plan


def _publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def load_pages():
    """Fill the home page and create the demo pages that are missing; return the titles created."""
    created = []
    home = HomePage.objects.get()
    if not home.introduction:
        home.introduction = HOME_INTRODUCTION
        home.save_revision().publish()
    children = home.get_children()
    if not children.filter(slug=ABOUT_PAGE["slug"]).exists():
        about = StandardPage(show_in_menus=True, **ABOUT_PAGE)
        created.append(_publish_child(home, about).title)
    if not children.filter(slug="bang-vinh-danh").exists():
        roll = HonorRollPage(
            title="Bảng vinh danh",
            slug="bang-vinh-danh",
            show_in_menus=True,
            introduction="<p>Các tập thể, cá nhân được khen thưởng, công khai theo quyết định của cấp có thẩm quyền.</p>",
        )
        created.append(_publish_child(home, roll).title)
    plan_data = json.loads((DATA_DIR / "plan-2020.json").read_text(encoding="utf-8"))
    if not children.filter(slug=plan_data["slug"]).exists():
        created.append(_publish_child(home, build_plan(plan_data)).title)
    return created
