import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from emulation.models import UnitAccount
from tests.emulation import builders as b


@pytest.fixture
def office(client, django_user_model, db):
    user = django_user_model.objects.create_user("vp-office", password="pw")
    user.groups.add(Group.objects.get(name="Văn phòng"))
    client.force_login(user)
    return client


def test_the_office_invites_an_account_and_its_owner_sets_a_password(office, client):
    unit = b.unit("QLTM", name="Phòng Quản lý Thương mại")
    response = office.post(
        "/admin/emulation/accounts/invite/",
        {
            "username": "qltm2",
            "full_name": "Lê Thị Mới",
            "email": "moi@example.gov.vn",
            "unit": unit.pk,
            "role": "head",
        },
    )
    assert response.status_code == 302
    account = UnitAccount.objects.get(user__username="qltm2")
    assert account.unit == unit
    assert account.role == "head"
    assert not account.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["moi@example.gov.vn"]
    assert unit.name in mail.outbox[0].body
    link = re.search(r"https?://[^/]+(/tai-khoan/dat-mat-khau/\S+)", mail.outbox[0].body).group(1)
    office.logout()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "Gialai@2027x", "new_password2": "Gialai@2027x"})
    assert done.status_code == 302
    signed_in = client.post("/tai-khoan/dang-nhap/", {"username": "qltm2", "password": "Gialai@2027x"})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/don-vi/"


def test_the_office_deactivates_moves_and_sees_last_sign_in(office, client):
    centre = b.unit("TTKC", name="Trung tâm Khuyến công")
    industry = b.unit("QLCN", name="Phòng Quản lý Công nghiệp")
    account = b.unit_account(centre, "ttkc")
    listing = office.get("/admin/snippets/emulation/unitaccount/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "ttkc" in html
    assert centre.name in html
    assert "Lần đăng nhập cuối" in html
    toggled = office.post(f"/admin/emulation/accounts/{account.pk}/toggle/")
    assert toggled.status_code == 302
    account.user.refresh_from_db()
    assert not account.user.is_active
    edit = office.post(
        f"/admin/snippets/emulation/unitaccount/edit/{account.pk}/",
        {"unit": industry.pk, "role": "staff"},
    )
    assert edit.status_code == 302
    account.refresh_from_db()
    assert account.unit == industry
    assert get_user_model().objects.get(username="ttkc").is_active is False


def test_unit_staff_cannot_manage_accounts(db, client):
    b.unit_account(b.unit("VP", name="Văn phòng Sở"), "vanphong")
    signed_in = client.post("/tai-khoan/dang-nhap/", {"username": "vanphong", "password": b.PASSWORD})
    assert signed_in.status_code == 302
    assert client.get("/admin/emulation/accounts/invite/").status_code == 302
