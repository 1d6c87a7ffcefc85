"""The admin speaks Vietnamese: catalogue coverage, placeholders, compiled catalogues and rendered screens."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from portal.management.commands.translation_coverage import SOURCES, coverage, overridden

ADMIN_CATALOGUES = Path(settings.BASE_DIR) / "locale" / "admin" / "vi" / "LC_MESSAGES"
MINIMUM_COVERAGE = 99.0

# What the admin menu must say, and the English labels it must no longer show.
MENU_VIETNAMESE = ["Hình ảnh", "Tài liệu", "Báo cáo", "Trợ giúp"]
MENU_ENGLISH = ["Images", "Documents", "Reports", "Help"]

PERCENT = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc]")
BRACE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
TAG = re.compile(r"</?[A-Za-z][^>]*>")


@pytest.mark.parametrize(("module", "domain"), SOURCES, ids=[f"{m}-{d}" for m, d in SOURCES])
def test_admin_catalogue_is_translated(module, domain):
    result = coverage(module, domain)
    print(f"{result.label}: {result.translated}/{result.total} ({result.percent:.1f} %)")
    missing = "\n".join(f"  {entry.msgid}" for entry in result.missing)
    assert result.percent >= MINIMUM_COVERAGE, f"{result.label} is {result.percent:.1f} % translated:\n{missing}"


def placeholders(text, entry, domain):
    """The placeholders and HTML tags of `text`, in order of appearance per kind."""
    found = TAG.findall(text)
    if "python-format" in entry.flags or domain == "djangojs" or "javascript-format" in entry.flags:
        found += PERCENT.findall(text.replace("%%", ""))
    if "python-brace-format" in entry.flags:
        found += BRACE.findall(text)
    return sorted(found)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_translations_keep_the_placeholders_of_their_source(domain):
    problems = []
    for entry in polib.pofile(str(ADMIN_CATALOGUES / f"{domain}.po")):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            # One Vietnamese form serves every count: it may follow the singular or the plural.
            expected = [placeholders(entry.msgid, entry, domain), placeholders(entry.msgid_plural, entry, domain)]
            translations = [entry.msgstr_plural.get(0, "")]
        else:
            expected = [placeholders(entry.msgid, entry, domain)]
            translations = [entry.msgstr]
        for text in translations:
            if text and placeholders(text, entry, domain) not in expected:
                problems.append(f"{entry.msgid!r} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_admin_catalogue_plural_forms_are_vietnamese():
    for domain in ["django", "djangojs"]:
        catalogue = polib.pofile(str(ADMIN_CATALOGUES / f"{domain}.po"))
        assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
        for entry in catalogue:
            if entry.msgid_plural:
                assert list(entry.msgstr_plural) == [0], entry.msgid


def test_project_catalogue_does_not_change_admin_messages():
    # locale/ comes before locale/admin: a project msgid equal to a Wagtail one (e.g. "Title" as "Danh hiệu")
    # replaces the admin's wording everywhere; the project's own strings need a msgctxt to mean something else.
    clashes = [f"{msgid!r}: {shown!r} instead of {admin!r}" for _, msgid, shown, admin in overridden()]
    assert not clashes, "\n".join(clashes)


def test_every_catalogue_is_compiled_and_up_to_date():
    sources = sorted((Path(settings.BASE_DIR) / "locale").rglob("*.po"))
    assert sources
    stale = []
    for po in sources:
        mo = po.with_suffix(".mo")
        if not mo.exists():
            stale.append(f"{mo} is missing")
        elif mo.stat().st_mtime < po.stat().st_mtime:
            stale.append(f"{po} is newer than {mo.name}")
    assert not stale, "Run `manage.py compilemessages --ignore=.venv`:\n" + "\n".join(stale)


def menu_labels(html):
    """The labels of the admin sidebar menu."""
    from tests.factories import admin_menu

    return admin_menu(html)[0]


@pytest.mark.django_db
def test_login_page_is_vietnamese(client):
    html = client.get("/admin/login/").content.decode()
    assert "Đăng nhập" in html
    assert "Sign in" not in html
    assert "Nhập tên đăng nhập của bạn" in html


@pytest.mark.django_db
def test_login_form_labels_are_vietnamese(client):
    html = client.get("/admin/login/").content.decode()
    labels = [
        re.sub(r"<[^>]+>|\s+", " ", label).strip() for label in re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
    ]
    assert "Password *" not in labels
    assert "Mật khẩu *" in labels


def test_dashboard_menu_is_vietnamese(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    labels = menu_labels(response.content.decode())
    for label in MENU_VIETNAMESE:
        assert label in labels
    for label in MENU_ENGLISH:
        assert label not in labels


@pytest.mark.django_db
def test_a_new_users_admin_is_vietnamese(client, django_user_model):
    editor = django_user_model.objects.create_user("bientapvien", "bientapvien@example.com", "pw")
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    client.post("/admin/login/", {"username": "bientapvien", "password": "pw"})
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html
    labels = menu_labels(html)
    assert "Trang" in labels
    assert "Đăng xuất" in labels
    assert "Log out" not in labels


def test_the_admin_sign_in_carries_the_agencys_name_and_no_wagtail(db, client):
    import re

    from tests.factories import make_agency_settings

    make_agency_settings(agency_name="Sở Công Thương Gia Lai")
    html = client.get("/admin/login/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    logo = re.search(r'<div class="login-logo">(.*?)</div>', html, re.S).group(1)
    assert heading.strip() == "Đăng nhập – Cổng thông tin Thi đua – Khen thưởng, Sở Công Thương Gia Lai"
    assert 'alt="Sở Công Thương Gia Lai"' in logo
    for part in (title, heading, logo):
        assert "wagtail" not in part.lower(), part
    assert "Cổng thông tin Thi đua – Khen thưởng" in title


def test_the_sites_listing_and_the_page_editor_have_no_english_labels(admin_client, home_page):
    from tests.factories import make_standard_page

    page = make_standard_page(home_page, "gioi-thieu", title="Giới thiệu")
    for url, english in (
        ("/admin/sites/", ["Port", "Site name", "Root page"]),
        (f"/admin/pages/{page.pk}/edit/", ["Slug"]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        visible = re.sub(
            r"<[^>]+>", " ", re.sub(r"<(script|template).*?</\1>", " ", response.content.decode(), flags=re.S)
        )
        for word in english:
            assert not re.search(rf"\b{word}\b", visible), (url, word)


def test_no_english_is_left_on_the_admins_screens(admin_client, home_page, django_user_model):
    """Walks the admin as a superuser from the dashboard, following its links (one screen per address shape: lists,
    forms, inspect and history views of a few records), and reads what a user reads, labels for screen readers
    included. Takes about 5 s: it renders over 100 screens, which is the point."""
    from portal.management.commands.translation_coverage import scan_screens
    from tests.emulation import builders as b
    from tests.factories import make_standard_page

    django_user_model.objects.filter(username="office").update(username="vanphong")  # a name, not English
    make_standard_page(home_page, "gioi-thieu", title="Giới thiệu")
    office = b.unit("VP", name="Văn phòng Sở")
    person = b.person("P01", office)
    b.award(person, "ldtt", year=2020)
    b.initiative("SK01", [person])
    findings, walked = scan_screens(admin_client, limit=400)
    assert walked > 100
    assert findings == {}


def test_permission_names_are_vietnamese_after_migrate(db):
    from django.contrib.auth.models import Permission

    names = dict(Permission.objects.values_list("codename", "name"))
    assert names["add_emulationyear"] == "Có thể thêm năm thi đua"
    assert names["publish_page"] == "Xuất bản mọi trang"
    assert not [name for name in names.values() if name.startswith("Can ")]
