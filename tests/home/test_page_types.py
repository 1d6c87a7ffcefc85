from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from emulation.models import Unit
from home.models import (
    ArticleIndexPage,
    ArticlePage,
    ContactPage,
    DocumentIndexPage,
    HomePage,
    HonorRollPage,
    LegalDocumentPage,
    PlanPage,
    StandardPage,
)


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.lead = Unit.objects.create(code="VP", name="Văn phòng Sở", sort_order=0)
        cls.other = Unit.objects.create(code="TTKC", name="Trung tâm Khuyến công", sort_order=1)

    def setUp(self):
        self.client.force_login(self.create_test_user())

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {PlanPage, StandardPage, HonorRollPage, ArticleIndexPage, DocumentIndexPage, ContactPage}
        )
        self.assertAllowedSubpageTypes(DocumentIndexPage, {LegalDocumentPage})
        self.assertAllowedParentPageTypes(LegalDocumentPage, {DocumentIndexPage})
        self.assertCanNotCreateAt(HomePage, LegalDocumentPage)
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertAllowedParentPageTypes(PlanPage, {HomePage})
        self.assertAllowedSubpageTypes(PlanPage, set())
        self.assertCanCreateAt(HomePage, PlanPage)
        self.assertCanNotCreateAt(PlanPage, StandardPage)

    def test_home_page_is_renderable_and_editable(self):
        self.assertPageIsRenderable(self.home)
        data = nested_form_data(
            {
                "title": self.home.title,
                "slug": "home",
                "introduction": rich_text("<p>Giới thiệu cổng thông tin.</p>"),
                "body": streamfield([("heading", "Tin mới")]),
            }
        )
        self.assertPageIsEditable(self.home, post_data=data)

    def test_editor_creates_a_plan_with_tasks_and_units_in_the_admin(self):
        data = nested_form_data(
            {
                "title": "Kế hoạch thi đua năm 2021",
                "slug": "ke-hoach-2021",
                "year": 2021,
                "document_number": "12/KH-SCT",
                "issued_on": "15/01/2021",
                "preamble": rich_text("<p>Nhằm hoàn thành xuất sắc nhiệm vụ năm 2021.</p>"),
                "general_tasks": streamfield([("paragraph", rich_text("<p>Tiếp tục đổi mới.</p>"))]),
                "aims": streamfield([]),
                "solutions": streamfield([]),
                "implementation": streamfield([]),
                "recipients": streamfield([("recipient", "Lưu: VT, VP.")]),
                "signer_capacity": "GIÁM ĐỐC",
                "signer_name": "Nguyễn Văn A",
                "legal_bases": inline_formset(
                    [
                        {
                            "kind": "Chỉ thị",
                            "number": "01/CT-UBND",
                            "issued_on": "05/01/2021",
                            "issuer": "",
                            "subject": "",
                        }
                    ]
                ),
                "tasks": inline_formset(
                    [
                        {
                            "period": "q1",
                            "number": "1.1",
                            "text": "Đăng ký thi đua năm 2021.",
                            "deadline_kind": "before",
                            "deadline": "28/02/2021",
                            "deadline_note": "",
                            "lead_unit": self.lead.pk,
                            "co_units": (self.other.pk,),  # a tuple: one form key with several values
                            "other_parties": "",
                            "status": "not-started",
                            "done_on": "",
                        }
                    ]
                ),
            }
        )
        self.assertCanCreate(self.home, PlanPage, data)
        plan = PlanPage.objects.get(slug="ke-hoach-2021")
        task = plan.tasks.get()
        assert task.deadline.isoformat() == "2021-02-28"
        assert task.responsible_units == [self.lead, self.other]
        assert plan.issued_on.isoformat() == "2021-01-15"

    def test_task_without_date_or_note_is_refused_next_to_the_field(self):
        data = nested_form_data(
            {
                "title": "Kế hoạch thiếu hạn",
                "slug": "ke-hoach-thieu-han",
                "year": 2021,
                "general_tasks": streamfield([]),
                "aims": streamfield([]),
                "solutions": streamfield([]),
                "implementation": streamfield([]),
                "recipients": streamfield([]),
                "legal_bases": inline_formset([]),
                "tasks": inline_formset(
                    [
                        {
                            "period": "q1",
                            "number": "1.1",
                            "text": "Việc",
                            "deadline_kind": "before",
                            "deadline": "",
                            "deadline_note": "",
                            "lead_unit": "",
                            "other_parties": "",
                            "status": "not-started",
                            "done_on": "",
                        }
                    ]
                ),
                "action-publish": "publish",
            }
        )
        response = self.client.post(f"/admin/pages/add/home/planpage/{self.home.pk}/", data)
        assert response.status_code == 200
        content = response.content.decode()
        assert "Hãy nhập ngày hết hạn, hoặc ghi chú khi kế hoạch không nêu ngày." in content
        assert "Kế hoạch thiếu hạn" in content  # what was typed is still there
        assert not PlanPage.objects.filter(slug="ke-hoach-thieu-han").exists()


def test_standard_page_renders_its_body(home_page, client):
    from tests.factories import make_standard_page

    page = make_standard_page(
        home_page,
        "gioi-thieu",
        title="Giới thiệu",
        introduction="Cổng thông tin của Sở.",
        body=[{"type": "note", "value": "<p>Lưu ý quan trọng.</p>"}],
    )
    html = client.get(page.url).content.decode()
    assert "<h1>Giới thiệu</h1>" in html
    assert "Cổng thông tin của Sở." in html
    assert "Lưu ý quan trọng." in html
    assert "Lưu ý</p>" in html


def test_home_page_introduces_the_portal_and_links_to_the_plan(home_page, client):
    from tests.factories import make_plan

    plan = make_plan(home_page, year=2020, slug="ke-hoach-thi-dua-2020", title="Kế hoạch thi đua năm 2020")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "<h1>Cổng thông tin Thi đua – Khen thưởng</h1>" in html  # the home page's own title
    assert f'<a href="{plan.url}">{plan.title}</a>' in html
    assert "Xem kế hoạch" in html
    assert "Kế hoạch thi đua – khen thưởng" in html
