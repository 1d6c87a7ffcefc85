"""The two-step sign-in to the admin: enrolment with a QR code and backup codes, the code asked after the password
whichever door was used, backup codes good once, and REQUIRE_2FA for superusers and the office."""

import base64
import html as html_module
import re
import urllib.parse

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-2026"


def code(device):
    """The code the authenticator app shows now. The device forgets the last code used and the delay after a wrong
    one (django-otp's throttle), as it would a minute later: tests do not wait."""
    device.refresh_from_db()
    device.last_t = -1
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()


@pytest.fixture
def office(django_user_model):
    user = django_user_model.objects.create_user("chanhvp", password=PASSWORD, email="cvp@example.com")
    user.groups.add(Group.objects.get(name="Văn phòng"))
    return user


def sign_in(client, url="/admin/login/", username="chanhvp"):
    response = client.post(url, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def enrol(client):
    page = client.get("/admin/xac-thuc-hai-buoc/cai-dat/")
    assert page.status_code == 200
    html = page.content.decode()
    qr = re.search(r'src="(data:image/svg\+xml[^"]+)"', html).group(1)  # the QR code, drawn here: nothing fetched
    assert "xmlns='http://www.w3.org/2000/svg'" in urllib.parse.unquote(html_module.unescape(qr))  # an image alone
    key = re.search(r"<code>([A-Z2-7 ]+)</code>", html).group(1)
    device = TOTPDevice.objects.get(confirmed=False)
    assert key.replace(" ", "") == base64.b32encode(device.bin_key).decode().rstrip("=")
    wrong = client.post(
        "/admin/xac-thuc-hai-buoc/cai-dat/", {"token": "000000" if code(device) != "000000" else "111111"}
    )
    assert "Mã không đúng" in wrong.content.decode()
    done = client.post("/admin/xac-thuc-hai-buoc/cai-dat/", {"token": code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


def test_an_admin_enrols_then_signs_in_with_a_code(office, client):
    sign_in(client)
    assert client.get("/admin/").status_code == 200  # not enrolled, not required: the admin opens
    device, _codes = enrol(client)
    assert client.get("/admin/").status_code == 200  # this session gave its code when enrolling

    later = Client()
    sign_in(later)
    gate = later.get("/admin/pages/")
    assert gate.status_code == 302
    assert gate["Location"] == "/admin/xac-thuc-hai-buoc/?next=/admin/pages/"
    assert later.get("/admin/reports/site-history/").status_code == 302  # every admin screen waits for the code
    sprite = later.get("/admin/sprite/")  # the icons the code's own page draws with
    assert sprite.status_code == 200
    assert "<svg" in sprite.content.decode()
    refused = later.post("/admin/xac-thuc-hai-buoc/", {"token": "12345", "next": "/admin/pages/"})
    assert refused.status_code == 200
    assert "Mã không đúng" in refused.content.decode()
    accepted = later.post("/admin/xac-thuc-hai-buoc/", {"token": code(device), "next": "/admin/pages/"})
    assert accepted.status_code == 302
    assert accepted["Location"] == "/admin/pages/"
    assert later.get("/admin/").status_code == 200


def test_the_portals_door_does_not_skip_the_code(office, client):
    sign_in(client)
    enrol(client)
    other = Client()
    sign_in(other, url="/tai-khoan/dang-nhap/")
    assert other.get("/admin/")["Location"].startswith("/admin/xac-thuc-hai-buoc/")


def test_a_backup_code_works_once(office, client):
    sign_in(client)
    _device, codes = enrol(client)
    first = Client()
    sign_in(first)
    used = first.post("/admin/xac-thuc-hai-buoc/", {"token": codes[0]})
    assert used.status_code == 302
    assert first.get("/admin/").status_code == 200
    again = Client()
    sign_in(again)
    assert "Mã không đúng" in again.post("/admin/xac-thuc-hai-buoc/", {"token": codes[0]}).content.decode()


def test_the_next_address_stays_on_this_site(office, client):
    sign_in(client)
    device, _codes = enrol(client)
    other = Client()
    sign_in(other)
    response = other.post("/admin/xac-thuc-hai-buoc/", {"token": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_when_required_superusers_and_the_office_enrol_first(office, django_user_model, client, settings):
    settings.REQUIRE_2FA = True
    sign_in(client)
    assert client.get("/admin/")["Location"] == "/admin/xac-thuc-hai-buoc/cai-dat/"
    enrol(client)
    page = client.get("/admin/xac-thuc-hai-buoc/cai-dat/").content.decode()
    assert 'name="turn_off"' not in page  # cannot be turned off while required
    client.post("/admin/xac-thuc-hai-buoc/cai-dat/", {"turn_off": "1"})
    assert TOTPDevice.objects.filter(user=office).exists()
    editor = django_user_model.objects.create_user("bientap", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    other = Client()
    sign_in(other, username="bientap")
    assert other.get("/admin/").status_code == 200  # editors may enrol, and are not made to


def test_an_admin_may_turn_it_off_when_not_required(office, client):
    sign_in(client)
    enrol(client)
    client.post("/admin/xac-thuc-hai-buoc/cai-dat/", {"turn_off": "1"})
    assert not TOTPDevice.objects.filter(user=office).exists()
    other = Client()
    sign_in(other)
    assert other.get("/admin/").status_code == 200


def test_the_account_page_offers_it(office, client):
    sign_in(client)
    html = client.get("/admin/account/").content.decode()
    assert "Xác thực hai bước" in html
    assert 'href="/admin/xac-thuc-hai-buoc/cai-dat/"' in html
