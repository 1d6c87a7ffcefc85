import pytest

pytestmark = [pytest.mark.browser]


def test_reader_goes_from_the_home_page_to_the_plan_and_sees_its_deadlines(
    demo, live_site, browser, screenshot_dir, console_errors
):
    page = console_errors(browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN"))
    try:
        page.goto(live_site.url + "/")
        assert page.locator("html").get_attribute("lang") == "vi"
        assert "Cổng thông tin Thi đua – Khen thưởng" in page.title()
        page.screenshot(path=str(screenshot_dir / "home.png"), full_page=True)

        page.get_by_role("listitem").filter(has_text="Năm 2020").get_by_role("link", name="Xem kế hoạch").click()
        page.wait_for_url("**/ke-hoach-thi-dua-khen-thuong-2020/")
        heading = page.get_by_role("heading", level=1)
        assert heading.inner_text().split() == "KẾ HOẠCH Triển khai công tác thi đua, khen thưởng năm 2020".split()
        deadlines = page.locator(".task__deadline").all_inner_texts()
        assert len(deadlines) == 12
        for expected in [
            "Trước 28/02/2020",
            "Trước 15/06/2020",
            "Trước 28/08/2020",
            "30/10/2020",
            "Trong tháng 12/2020",
        ]:
            assert expected in deadlines, expected
        assert page.get_by_text("Đào Thị Thu Nguyệt").is_visible()
        page.screenshot(path=str(screenshot_dir / "plan.png"), full_page=True)

        page.locator("#task-3\\.1").get_by_role("link", name="Văn phòng Sở").click()
        page.wait_for_url("**/don-vi/VP/")
        assert "Nhiệm vụ của Văn phòng Sở" in page.get_by_role("heading", level=1).inner_text()
        page.screenshot(path=str(screenshot_dir / "plan-unit.png"), full_page=True)

        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(live_site.url + "/ke-hoach-thi-dua-khen-thuong-2020/")
        page.screenshot(path=str(screenshot_dir / "plan-phone.png"), full_page=False)
        assert not console_errors.errors  # every page works under its Content-Security-Policy
    finally:
        page.close()
