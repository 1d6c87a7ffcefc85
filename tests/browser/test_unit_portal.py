import pytest
from django.conf import settings
from django.utils import timezone

pytestmark = [pytest.mark.browser]


def test_unit_staff_register_three_people_and_get_a_receipt(demo, live_site, browser, screenshot_dir, console_errors):
    coming = timezone.localdate().year + 1
    page = console_errors(browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN"))
    try:
        page.goto(live_site.url + "/")
        page.get_by_role("link", name="Đăng nhập").click()
        page.fill("#id_username", "vanphong")
        page.fill("#id_password", settings.DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/don-vi/")
        assert "còn" in page.locator(".deadlines").inner_text()
        page.screenshot(path=str(screenshot_dir / "unit-dashboard.png"), full_page=True)

        page.get_by_role("link", name=f"Đăng ký thi đua năm {coming}").first.click()
        page.select_option("#id_collective_title", label="Tập thể lao động xuất sắc")
        page.fill("#id_pledge", "Phấn đấu hoàn thành xuất sắc nhiệm vụ năm; 100% cán bộ đăng ký thi đua.")
        people = ["Nguyễn Văn An", "Trần Thị Bích", "Phạm Thị Dung"]
        titles = ["Chiến sĩ thi đua cơ sở", "Lao động tiên tiến", "Lao động tiên tiến"]
        for index, (person, title) in enumerate(zip(people, titles, strict=True)):
            page.select_option(f"#id_entries-{index}-person", label=person)
            page.select_option(f"#id_entries-{index}-title", label=title)
        page.get_by_role("button", name="Thêm dòng").click()
        assert page.locator("#id_entries-3-person").count() == 1
        page.screenshot(path=str(screenshot_dir / "unit-registration.png"), full_page=True)
        page.get_by_role("button", name="Gửi Văn phòng Sở").click()
        page.wait_for_url("**/bien-nhan/")
        receipt = page.locator("main").inner_text()
        assert f"DK-{coming}-VP" in receipt
        for person in people:
            assert person in receipt
        page.screenshot(path=str(screenshot_dir / "unit-receipt.png"), full_page=True)
        assert not console_errors.errors  # "Thêm dòng" ran from the static script, under the page's policy
    finally:
        page.close()
