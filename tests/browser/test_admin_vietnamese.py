"""An editor and an administrator sign in through the real form and see an admin without English words."""

import functools
import importlib.util
import re
from pathlib import Path

import polib
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.models import HomePage, PlanPage

PASSWORD = "mat-khau-thu-nghiem"

# Proper names and technical tokens that Vietnamese text keeps as they are.
ALLOWED = {
    "wagtail", "django", "pdf", "url", "seo", "xlsx", "csv", "id", "json", "api", "html", "email", "slug",
    "token", "menu", "meta", "web", "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "doc", "docx", "xls",
    "odt", "ods", "txt", "zip", "utc", "ok", "website",
}  # fmt: skip
# Vietnamese syllables written without diacritics that are also English words of the admin's vocabulary.
VIETNAMESE_SYLLABLES = {"an", "can", "do", "in", "to", "so", "no", "long", "con", "cho", "tin", "trang", "thi"}


# The Wagtail packages whose English messages make the vocabulary of an untranslated admin.
VOCABULARY_MODULES = [
    "wagtail", "wagtail.admin", "wagtail.snippets", "wagtail.images", "wagtail.documents", "wagtail.users",
    "wagtail.contrib.forms", "wagtail.contrib.redirects", "wagtail.contrib.settings", "wagtail_modeladmin",
]  # fmt: skip


@functools.cache
def english_vocabulary():
    """The lowercase words of Wagtail's English messages: what an untranslated admin screen would show."""
    words = set()
    for module in VOCABULARY_MODULES:
        package_dir = Path(importlib.util.find_spec(module).submodule_search_locations[0])
        for po in (package_dir / "locale" / "en" / "LC_MESSAGES").glob("*.po"):
            for entry in polib.pofile(str(po)):
                text = re.sub(r"%\([^)]*\)\w|\{\w*\}|<[^>]*>", " ", f"{entry.msgid} {entry.msgid_plural}")
                words.update(word.lower() for word in re.findall(r"[A-Za-z]+", text))
    return frozenset(words)


def english_words(text):
    """The English words in `text`: ASCII-only words of the admin's English vocabulary that are no
    Vietnamese syllable and not on the allow-list. Addresses, file names and numbers are skipped."""
    text = re.sub(r"\S+@\S+|https?://\S+|\S+\.[A-Za-z0-9]{2,4}\b|/\S*", " ", text)
    found = []
    for word in re.findall(r"[^\W\d_]+", text):
        lower = word.lower()
        if not word.isascii() or len(word) < 2 or lower in ALLOWED or lower in VIETNAMESE_SYLLABLES:
            continue
        if lower in english_vocabulary():
            found.append(word)
    return found


def test_english_words_tells_english_from_vietnamese():
    assert english_words("Trang này can thiệp do lỗi, in đậm") == []
    assert english_words("Sửa trang Wagtail, tải XLSX, CSV hoặc PDF, ID 12") == []
    assert english_words("Images, Documents and Reports") == ["Images", "Documents", "and", "Reports"]


def sign_in(browser, live_site, username, screenshot_dir, watch=lambda page: page):
    page = watch(browser.new_page(viewport={"width": 1280, "height": 1400}, locale="vi-VN"))
    page.goto(live_site.url + "/admin/login/")
    # The login form's words are checked in tests/portal/test_translations.py (its password label is Wagtail's
    # English field name until the project gives the admin a login form with a label).
    page.screenshot(path=str(screenshot_dir / "admin-login.png"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_site.url + "/admin/")
    return page


def visible_text(page):
    """The page's visible text: the body's inner text without the options a closed <select> hides
    (the time zone list names places such as New Zealand)."""
    text = page.inner_text("body")
    hidden = page.eval_on_selector_all("select option:not(:checked)", "options => options.map(o => o.text)")
    for option in sorted(set(hidden), key=len, reverse=True):
        text = text.replace(option, " ")
    return text


def visit(page, url, name, screenshot_dir):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.url == url, f"{name}: {url} led to {page.url}"
    assert page.locator("html").get_attribute("lang") == "vi", name
    page.screenshot(path=str(screenshot_dir / f"admin-{name}.png"), full_page=True)
    return english_words(visible_text(page))


@pytest.mark.browser
def test_admin_screens_are_vietnamese(demo, live_site, browser, screenshot_dir, console_errors):
    User = get_user_model()
    editor = User.objects.create_user(
        "bientapvien", "bientapvien@so.example", PASSWORD, first_name="Lan", last_name="Trần"
    )
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    User.objects.create_superuser("quantri", "quantri@so.example", PASSWORD, first_name="Minh", last_name="Lê")
    home = HomePage.objects.get()
    plan = PlanPage.objects.first()
    admin = live_site.url + "/admin/"

    screens = {
        "bientapvien": [
            ("dashboard", admin),
            ("explorer", f"{admin}pages/{home.id}/"),
            ("editor", f"{admin}pages/{plan.id}/edit/"),
            ("account", f"{admin}account/"),
        ],
        # The office's administrator: a listing with its chrome as the browser draws it. The other screens an
        # administrator sees (images, documents, workflows, reports …) are rendered without a browser by
        # tests/portal/test_translations.py (test_no_english_is_left_on_the_admins_screens), which walks them all.
        "quantri": [
            ("snippets", f"{admin}snippets/emulation/unit/"),
        ],
    }
    english = {}
    for username, visits in screens.items():
        page = sign_in(browser, live_site, username, screenshot_dir, console_errors)
        try:
            for name, url in visits:
                found = visit(page, url, name, screenshot_dir)
                if found:
                    english[name] = sorted(set(found))
        finally:
            page.close()
    assert not english, f"English words on the admin screens: {english}"
    assert not console_errors.errors  # the admin works under its Content-Security-Policy
