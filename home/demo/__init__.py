"""Demo pages: the home page's introduction, an about page and the 2020 plan transcribed from the department's text.

Safe to load twice: a page that already exists (by slug) is left as editors made it.
"""

import datetime
import io
import json
from pathlib import Path

from django.db import transaction
from django.db.models import Q

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
        document_number=data.get("document_number", ""),
        heading_line=data.get("heading_line", ""),
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
            responsible_text=task.get("responsible", ""),
            bloc_event=task.get("bloc_event", ""),
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


NEWS_INDEX = {
    "title": "Tin tức",
    "slug": "tin-tuc",
    "summary": "Tin thi đua – khen thưởng, điển hình tiên tiến, nhân tố mới, gương người tốt việc tốt và câu chuyện "
    "thành công của ngành Công Thương.",
    "introduction": "Tuyên truyền phong trào thi đua, nêu gương người tốt, việc tốt và các điển hình tiên tiến "
    "(giải pháp IV.7 của Kế hoạch thi đua, khen thưởng năm 2020).",
}
CONTACT_FIELDS = [
    ("Họ và tên", "singleline", True, ""),
    ("Thư điện tử", "email", True, "Văn phòng Sở trả lời qua địa chỉ này."),
    ("Cơ quan, đơn vị", "singleline", False, ""),
    ("Nội dung góp ý", "multiline", True, ""),
]


def load_news():
    """The news index with the demo articles (pictures drawn locally), and the feedback page; return titles created."""
    from home.models import ArticleIndexPage, ContactFormField, ContactPage

    created = []
    home = HomePage.objects.get()
    index = ArticleIndexPage.objects.child_of(home).filter(slug=NEWS_INDEX["slug"]).first()
    if index is None:
        index = _publish_child(home, ArticleIndexPage(show_in_menus=True, **NEWS_INDEX))
        created.append(index.title)
    existing = set(index.get_children().values_list("slug", flat=True))
    for spec in json.loads((DATA_DIR / "articles.json").read_text(encoding="utf-8")):
        if spec["slug"] not in existing:
            created.append(_publish_child(index, build_article(spec)).title)
    if not ContactPage.objects.exists():
        contact = ContactPage(
            title="Góp ý – Liên hệ",
            slug="lien-he",
            show_in_menus=True,
            introduction="<p>Gửi góp ý, phản ánh về công tác thi đua, khen thưởng tới Văn phòng Sở.</p>",
            thank_you_text="<p>Cảm ơn bạn đã góp ý. Văn phòng Sở sẽ xem xét và trả lời trong thời gian sớm nhất.</p>",
            subject="Góp ý từ Cổng thông tin Thi đua – Khen thưởng",
        )
        contact.form_fields = [
            ContactFormField(label=label, field_type=kind, required=required, help_text=help_text, sort_order=order)
            for order, (label, kind, required, help_text) in enumerate(CONTACT_FIELDS)
        ]
        created.append(_publish_child(home, contact).title)
    return created


def build_article(spec):
    """An ArticlePage from one entry of articles.json: its picture, tags, unit and the awards it tells of."""
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    from emulation.models import Award, Title
    from home.demo.images import render
    from home.models import ArticleAward, ArticleCategory, ArticlePage

    picture = spec["image"]
    image = Image.objects.filter(title=spec["title"]).first()
    if image is None:
        image = Image(title=spec["title"], description=picture["alt"])
        image.file = ImageFile(io.BytesIO(render(picture)), name=f"{spec['slug']}.jpg")
        image.save()
    article = ArticlePage(
        title=spec["title"],
        slug=spec["slug"],
        date=_date(spec["date"]),
        summary=spec["summary"],
        category=ArticleCategory.objects.get(slug=spec["category"]),
        featured=spec.get("featured", False),
        featured_image=image,
        featured_image_alt=picture["alt"],
        featured_image_caption=picture.get("caption", ""),
        unit=Unit.objects.filter(code=spec["unit"]).first() if spec.get("unit") else None,
        body=spec["body"],
    )
    article.tags.add(*spec.get("tags", []))
    links = []
    for ref in spec.get("awards", []):
        title = Title.objects.filter(Q(code=ref["title"]) | Q(name=ref["title"])).first()
        recipient = {"person__code": ref["person"]} if ref.get("person") else {"unit__code": ref["unit"]}
        award = Award.objects.filter(year=ref["year"], title=title, **recipient).first()
        if award:
            links.append(ArticleAward(award=award, sort_order=len(links)))
    article.award_links = links
    return article


# The staff's demo accounts: username -> group. `thidua` is the office's clerk for emulation and commendation (the
# Văn phòng group: records, councils' papers, decisions, certificates, proposals, the bloc), not a unit's account.
NEWSROOM_ACCOUNTS = {"bientap": "Biên tập viên", "lanhdao": "Lãnh đạo Sở", "thidua": "Văn phòng"}


def load_newsroom_accounts():
    """An editor who writes and submits articles, a leader who approves them and the office's clerk, with
    DEMO_PASSWORD (none made when it is not set, as in production)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    if not settings.DEMO_PASSWORD:
        return 0
    User = get_user_model()
    created = 0
    for username, group in NEWSROOM_ACCOUNTS.items():
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(username, f"{username}@demo.thidua.invalid", settings.DEMO_PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        created += 1
    return created


DOCUMENT_INDEX = {
    "title": "Văn bản",
    "slug": "van-ban",
    "summary": "Kế hoạch, quyết định khen thưởng và các văn bản về thi đua, khen thưởng của Sở Công Thương.",
    "introduction": "Các văn bản về công tác thi đua, khen thưởng do Sở Công Thương ban hành hoặc nhận: tìm theo loại "
    "văn bản, năm và cơ quan ban hành, xem trích yếu và tải tệp.",
}


def _document_file(title, filename, text):
    """A Wagtail document (a public file) holding a generated one-page PDF, reused when it exists already."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from emulation.demo import _pdf

    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(filename, ContentFile(_pdf(text)), save=False)
        document.save()
    return document


def load_documents():
    """Văn bản: the index under the home page, the 2020 plan (with a generated PDF) and every commendation decision
    recorded (with its signed PDF when it has one), each added once; return the titles created."""
    from emulation.models import Decision
    from home.models import DocumentIndexPage, LegalDocumentPage, LegalDocumentRelatedPage
    from portal.text import ascii_slug

    created = []
    home = HomePage.objects.get()
    index = DocumentIndexPage.objects.child_of(home).first()
    if index is None:
        index = _publish_child(home, DocumentIndexPage(show_in_menus=True, **DOCUMENT_INDEX))
        created.append(index.title)
    existing = set(index.get_children().values_list("slug", flat=True))
    roll = HonorRollPage.objects.child_of(home).first()

    plan_data = json.loads((DATA_DIR / "plan-2020.json").read_text(encoding="utf-8"))
    plan = PlanPage.objects.child_of(home).filter(slug=plan_data["slug"]).first()
    if plan is not None and plan.slug not in existing:
        page = LegalDocumentPage(
            title=f"Kế hoạch {plan_data['heading_line'][0].lower()}{plan_data['heading_line'][1:]}",
            slug=plan.slug,
            kind=LegalDocumentPage.Kind.PLAN,
            document_number="…" + plan_data["document_number"],
            issued_on=None,
            year=plan_data["year"],
            issuer="Sở Công Thương",
            subject=plan_data["summary"],
            document=_document_file(
                "Kế hoạch thi đua, khen thưởng năm 2020", f"{plan.slug}.pdf", "Ke hoach thi dua, khen thuong nam 2020"
            ),
            show_in_menus=False,
        )
        page.related_pages = [LegalDocumentRelatedPage(target=plan, sort_order=0)]
        created.append(_publish_child(index, page).title)

    for decision in Decision.objects.prefetch_related("awards").order_by("date", "number"):
        slug = ascii_slug(f"quyet-dinh-{decision.number}-{decision.date.year}")
        if slug in existing:
            continue
        years = sorted({award.year for award in decision.awards.all()}) or [decision.date.year]
        page = LegalDocumentPage(
            title=f"Quyết định số {decision.number}",
            slug=slug,
            kind=LegalDocumentPage.Kind.DECISION,
            document_number=decision.number,
            issued_on=decision.date,
            year=decision.date.year,
            issuer=decision.authority,
            subject="Về việc khen thưởng danh hiệu thi đua và hình thức khen thưởng năm "
            + ", ".join(str(year) for year in years),
            document=decision.document,
        )
        page.related_pages = [LegalDocumentRelatedPage(target=roll, sort_order=0)] if roll else []
        created.append(_publish_child(index, page).title)
    return created
