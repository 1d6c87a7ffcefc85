"""One sign-in policy on every door: an account is locked after 5 failures wherever they come from, an address only
after many failures over many accounts; a password reset lifts the lock; the office sees and lifts locks."""

import re

import pytest
from django.core import mail

from tests.emulation import builders as b

pytestmark = pytest.mark.django_db

PORTAL, ADMIN = "/tai-khoan/dang-nhap/", "/admin/login/"
LOCKED = "Đăng nhập sai quá nhiều lần"


@pytest.fixture
def accounts(db):
    unit = b.unit("VP", name="Văn phòng Sở")
    return b.unit_account(unit, "vanphong", email="vp@example.com"), b.unit_account(unit, "vanphong2")


@pytest.fixture
def office(db):
    return b.office_user("chanh-vp", email="cvp@example.com")


def sign_in(client, url, username, password=b.PASSWORD, address="10.1.1.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("door", [PORTAL, ADMIN])
def test_an_account_is_locked_after_five_failures_and_its_neighbour_is_not(door, accounts, office, client):
    locked_user = office.username if door == ADMIN else "vanphong"
    for attempt in range(4):
        assert sign_in(client, door, locked_user, "sai").status_code == 200, attempt
    fifth = sign_in(client, door, locked_user, "sai")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    assert sign_in(client, door, locked_user).status_code == 429  # the right password, from any address
    assert sign_in(client, door, locked_user, address="10.9.9.9").status_code == 429
    assert not signed_in(client)
    # Same office, same address: the next clerk signs in.
    assert sign_in(client, PORTAL, "vanphong2").status_code == 302
    assert signed_in(client)


def test_a_locked_name_is_the_same_name_in_other_letters(accounts, client):
    for _ in range(5):
        sign_in(client, PORTAL, "VanPhong", "sai")
    assert sign_in(client, PORTAL, "vanphong").status_code == 429


def test_wagtails_bare_sign_in_leads_to_the_portals(accounts, client):
    response = client.get("/_util/login/?next=/tai-lieu/")
    assert response.status_code == 302
    assert response["Location"] == PORTAL + "?next=/tai-lieu/"
    posted = client.post("/_util/login/", {"username": "vanphong", "password": b.PASSWORD})
    assert posted.status_code == 302
    assert not signed_in(client)


def test_an_address_is_held_back_only_after_many_failures_over_many_accounts(accounts, client, settings):
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 12
    for number in range(11):
        assert sign_in(client, PORTAL, f"nguoi-{number}", "sai").status_code == 200
    assert sign_in(client, PORTAL, "vanphong").status_code == 302  # eleven typos over many names: still open
    client.logout()
    sign_in(client, PORTAL, "nguoi-11", "sai")
    held = sign_in(client, PORTAL, "vanphong2")
    assert held.status_code == 200
    assert LOCKED in held.content.decode()
    assert not signed_in(client)
    assert sign_in(client, PORTAL, "vanphong2", address="10.2.2.2").status_code == 302  # another address


def test_a_password_reset_lifts_the_lock(accounts, client):
    for _ in range(5):
        sign_in(client, PORTAL, "vanphong", "sai")
    assert sign_in(client, PORTAL, "vanphong").status_code == 429
    assert client.post("/tai-khoan/quen-mat-khau/", {"email": "vp@example.com"}).status_code == 302
    [message] = mail.outbox
    link = re.search(r"http://testserver(/tai-khoan/dat-mat-khau/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = "Mat-khau-moi-2026"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert sign_in(client, PORTAL, "vanphong", new).status_code == 302
    assert signed_in(client)


def test_the_password_reset_request_is_throttled(accounts, client):
    for _ in range(5):
        assert client.post("/tai-khoan/quen-mat-khau/", {"email": "vp@example.com"}).status_code == 302
    refused = client.post("/tai-khoan/quen-mat-khau/", {"email": "vp@example.com"})
    assert refused.status_code == 200
    assert "Quá nhiều yêu cầu đặt lại mật khẩu" in refused.content.decode()
    assert len(mail.outbox) == 5
    assert client.get("/admin/password_reset/")["Location"] == "/tai-khoan/quen-mat-khau/"  # the admin's door


def test_the_office_sees_and_lifts_a_lock(accounts, office, client):
    for _ in range(5):
        sign_in(client, PORTAL, "vanphong", "sai")
    client.force_login(office)
    listing = client.get("/admin/sign-in-locks/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "vanphong" in html
    assert "Đang khoá" in html
    for english in ("Access attempt", "access attempt", "IP Address", "Failed Logins", "Attempt Time"):
        assert english not in html, english
    assert "Số lần sai" in html
    assert "/admin/sign-in-locks/new/" not in html  # nothing to add by hand
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="vanphong")
    assert client.post(f"/admin/sign-in-locks/delete/{attempt.pk}/").status_code == 302
    client.logout()
    assert sign_in(client, PORTAL, "vanphong").status_code == 302


def test_unit_staff_cannot_see_the_locks(accounts, client):
    client.force_login(accounts[0].user)
    assert client.get("/admin/sign-in-locks/").status_code in (302, 403)
