import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import PlanPage, PlanTask
from tests.factories import date, make_plan, make_standard_page, make_task, make_unit

PLAN_URL = "/ke-hoach-thi-dua-khen-thuong-2020/"


def visible_text(html):
    import html as entities

    return entities.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def plan_html(demo, client):
    response = client.get(PLAN_URL)
    assert response.status_code == 200
    return response.content.decode()


def test_plan_page_shows_every_task_with_its_deadline_and_units(demo, plan_html):
    plan = PlanPage.objects.get(slug="ke-hoach-thi-dua-khen-thuong-2020")
    tasks = list(plan.tasks.select_related("lead_unit").prefetch_related("co_units"))
    assert len(tasks) == 12
    text = visible_text(plan_html)
    for task in tasks:
        assert f"{task.number}. {task.text}" in text
        assert str(task.deadline_display) in text
        for unit in task.responsible_units:
            assert unit.name in text


def test_plan_page_shows_the_seed_deadlines_as_written_in_vietnamese(plan_html):
    text = visible_text(plan_html)
    for deadline in [
        "Trước 28/02/2020",
        "Trước 15/06/2020",
        "Trước 28/08/2020",
        "30/10/2020",
        "Trong tháng 12/2020",
        "Trong năm 2020",
        "Theo Kế hoạch của Khối",
    ]:
        assert deadline in text, deadline
    assert text.count("Trong tháng 12/2020") == 3


def test_plan_page_has_its_sections_bases_recipients_and_signer(plan_html):
    text = visible_text(plan_html)
    for heading in [
        "I. Nhiệm vụ chung",
        "II. Mục đích, yêu cầu",
        "III. Nội dung thực hiện",
        "1. Nhiệm vụ quý I",
        "4. Nhiệm vụ quý IV",
        "IV. Các giải pháp chủ yếu",
        "V. Tổ chức thực hiện",
    ]:
        assert heading in text, heading
    assert "Chỉ thị số 01/CT-UBND ngày 21/01/2020 của Ủy ban nhân dân tỉnh" in text
    assert "Kế hoạch số 02/KH-KTĐ ngày 23/01/2019" in text
    assert "Nơi nhận:" in text
    assert "Ban TĐKT tỉnh (b/c);" in text
    assert "Lưu: VT, VP." in text
    assert "KT. GIÁM ĐỐC" in text
    assert "PHÓ GIÁM ĐỐC" in text
    assert "Đào Thị Thu Nguyệt" in text
    assert "UBND TỈNH GIA LAI" in text
    assert "SỞ CÔNG THƯƠNG" in text
    assert "Gia Lai, ngày … tháng … năm 2020" in text
    assert "không được xét tặng danh hiệu Chiến sỹ thi đua cấp cơ sở" in text


def test_lead_unit_comes_first_and_links_to_the_units_tasks(plan_html):
    task = re.search(r'<li class="task" id="task-1.1">(.*?)</li>', plan_html, re.S).group(1)
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', task)
    assert links[0] == (PLAN_URL + "don-vi/VP/", "Văn phòng Sở")
    assert "(chủ trì)" in visible_text(task)
    assert [name for _, name in links[1:]] == [
        "Thanh tra Sở",
        "Phòng Kế hoạch – Tài chính",
        "Phòng Quản lý Công nghiệp",
        "Phòng Quản lý Thương mại",
        "Phòng Quản lý Năng lượng",
        "Phòng Kỹ thuật an toàn – Môi trường",
        "Trung tâm Khuyến công và Xúc tiến thương mại",
    ]


def test_unit_view_lists_only_that_units_tasks(demo, client):
    response = client.get(PLAN_URL + "don-vi/TTKC/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Nhiệm vụ của Trung tâm Khuyến công và Xúc tiến thương mại" in text
    for number in ["1.1.", "2.1.", "2.2.", "4.1.", "4.2."]:
        assert number in text
    assert "1.2. Phát động" not in text
    assert "4.3." not in text
    assert client.get(PLAN_URL + "don-vi/KHONGCO/").status_code == 404


def test_unit_with_no_task_is_told_so(demo, client):
    make_unit("MOI", "Đơn vị mới")
    response = client.get(PLAN_URL + "don-vi/MOI/")
    assert "Đơn vị không có nhiệm vụ nào trong kế hoạch này." in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "deadline", "note", "expected"),
    [
        (PlanTask.DeadlineKind.BEFORE, "28/02/2020", "", "Trước 28/02/2020"),
        (PlanTask.DeadlineKind.ON, "30/10/2020", "", "30/10/2020"),
        (PlanTask.DeadlineKind.MONTH, "31/12/2020", "", "Trong tháng 12/2020"),
        (PlanTask.DeadlineKind.YEAR, "31/12/2020", "", "Trong năm 2020"),
        (PlanTask.DeadlineKind.BEFORE, None, "Theo Kế hoạch của Khối", "Theo Kế hoạch của Khối"),
    ],
)
def test_deadline_reads_as_the_plan_writes_it(kind, deadline, note, expected):
    task = PlanTask(number="1", text="x", deadline_kind=kind, deadline=deadline and date(deadline), deadline_note=note)
    assert str(task.deadline_display) == expected


def test_a_task_needs_a_date_or_a_note(home_page):
    task = PlanTask(plan=PlanPage(year=2020), number="1.1", text="Nhiệm vụ")
    with pytest.raises(ValidationError) as error:
        task.clean()
    assert error.value.message_dict["deadline"] == ["Hãy nhập ngày hết hạn, hoặc ghi chú khi kế hoạch không nêu ngày."]


def count_queries(client, url):
    client.get(url)  # warm the site-root cache, as any running server is
    client.get(url)  # (the first request saves the site's settings, a change that builds the fragments again)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_plan_and_home_pages_keep_their_query_count_as_content_grows(home_page, client, django_assert_num_queries):
    units = [make_unit(f"U{i}") for i in range(5)]
    plan = make_plan(home_page, tasks=[make_task("1.1", lead=units[0], co=units[1:], deadline=date("28/02/2020"))])
    make_standard_page(home_page, "gioi-thieu", show_in_menus=True)
    plan_url, home_url = plan.url, home_page.url
    before = {url: count_queries(client, url) for url in (plan_url, home_url)}

    revision_plan = PlanPage.objects.get(pk=plan.pk)
    revision_plan.tasks = list(revision_plan.tasks.all()) + [
        make_task(f"2.{i}", lead=units[i % 5], co=units[:3], deadline=date("15/06/2020"), period="q2")
        for i in range(50)
    ]
    revision_plan.save_revision().publish()
    for i in range(20):  # twenty menu pages and plans, each published as an editor does: enough to show growth
        make_standard_page(home_page, f"trang-{i}", show_in_menus=True)
        make_plan(home_page, year=2100 + i)

    assert PlanPage.objects.get(pk=plan.pk).tasks.count() == 51
    for url, count in before.items():
        client.get(url)  # the content changed: the menu and other fragments are built again once, then cached
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200, url
    assert before[plan_url] <= 12, before
    assert before[home_url] <= 12, before  # home: news, deadlines, honours too (kept per content version)


SEED = Path(__file__).resolve().parents[2].parent / "shared/seed/ke-hoach-thi-dua-khen-thuong-2020.txt"


def seed_responsibilities():
    """{task number: its 'Trách nhiệm thực hiện' line} as the 2020 plan's text writes them."""
    text = SEED.read_text(encoding="utf-8")
    pattern = r"^(\d(?:\.\d)?)\. .+?\n\n- \*Thời gian hoàn thành:\* .+?\n\n- \*Trách nhiệm thực hiện:\* (.+?)\n"
    return dict(re.findall(pattern, text, re.M))


def test_plan_page_reads_as_the_document_header_heading_and_responsibilities(plan_html):
    text = visible_text(plan_html)
    assert "Số: …/KH-SCT" in text  # the number is blank on the document, filled in by hand
    assert "Gia Lai, ngày … tháng … năm 2020" in text
    heading = re.search(r'<h1 class="plan__title">(.*?)</h1>', plan_html, re.S).group(1)
    assert visible_text(heading).split() == "KẾ HOẠCH Triển khai công tác thi đua, khen thưởng năm 2020".split()
    written = {"1.1": "Văn phòng; các phòng chuyên môn, đơn vị thuộc Sở.", "2.3": "Đại diện lãnh đạo Sở, Văn phòng Sở."}
    responsibilities = seed_responsibilities() if SEED.exists() else written
    assert len(responsibilities) in (2, 12)
    for number, line in responsibilities.items():
        task = re.search(rf'<li class="task" id="task-{re.escape(number)}">(.*?)</li>', plan_html, re.S).group(1)
        assert f"Trách nhiệm thực hiện: {line}" in visible_text(task), number
    task = re.search(r'<li class="task" id="task-1.1">(.*?)</li>', plan_html, re.S).group(1)
    assert "Thời gian hoàn thành: Trước 28/02/2020" in visible_text(task)
    assert f'href="{PLAN_URL}don-vi/VP/"' in task  # the units' task pages are still linked


def test_plan_page_has_a_print_button_without_inline_script(plan_html):
    assert re.search(
        r'<button type="button" class="button button--secondary" data-print>In kế hoạch</button>', plan_html
    )
    assert "onclick" not in plan_html
    assert "window.print" in (Path(__file__).resolve().parents[2] / "static/js/portal.js").read_text()
    assert "Tải bản có chữ ký" not in plan_html  # the demo plan has no signed copy attached
    # but its Văn bản page publishes it as a PDF, which the plan offers to download too
    assert re.search(
        r'<a class="button button--secondary" href="/documents/\d+/[^"]+\.pdf" download>Tải văn bản \(PDF\)', plan_html
    )
    assert '<a href="/van-ban/ke-hoach-thi-dua-khen-thuong-2020/">trong mục Văn bản</a>' in plan_html


def test_plan_page_links_the_signed_pdf_when_attached(home_page, client):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Kế hoạch 2020 (bản ký)")
    document.file.save("ke-hoach-2020-ky.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    plan = make_plan(home_page, tasks=[make_task("1.1", deadline=date("28/02/2020"))])
    assert "Tải bản có chữ ký" not in client.get(plan.url).content.decode()
    plan.signed_document = document
    plan.heading_line = "Triển khai công tác thi đua, khen thưởng năm 2020"
    plan.document_number = "15/KH-SCT"
    plan.save_revision().publish()
    html = client.get(plan.url).content.decode()
    assert re.search(
        r'<a class="button" href="/documents/\d+/ke-hoach-2020-ky[^"]*\.pdf" download>Tải bản có chữ ký \(PDF\)</a>',
        html,
    )
    assert "Số: 15/KH-SCT" in visible_text(html)
    assert "Triển khai công tác thi đua, khen thưởng năm 2020" in visible_text(html)


def test_a_plan_without_a_heading_line_or_number_shows_its_title_and_blank_fields(home_page, client):
    plan = make_plan(
        home_page, title="Kế hoạch thi đua năm 2020", tasks=[make_task("1.1", deadline=date("28/02/2020"))]
    )
    text = visible_text(client.get(plan.url).content.decode())
    assert "KẾ HOẠCH Kế hoạch thi đua năm 2020" in text
    assert "Số: …" in text and "ngày … tháng … năm 2020" in text
