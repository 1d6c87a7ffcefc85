import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from emulation.models import Unit, UnitAccount


@pytest.fixture
def office(client, django_user_model, db):
    user = django_user_model.objects.create_user("vp-office", password="pw")
    user.groups.add(Group.objects.get(name="Văn phòng"))
    client.force_login(user)
    return client


def test_the_office_invites_an_account_and_its_owner_sets_a_password(demo, office, client):
    unit = Unit.objects.get(code="QLTM")
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
    assert "Phòng Quản lý Thương mại" in mail.outbox[0].body
    link = re.search(r"https?://[^/]+(/tai-khoan/dat-mat-khau/\S+)", mail.outbox[0].body).group(1)
    office.logout()
    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "Gialai@2027x", "new_password2": "Gialai@2027x"})
    assert done.status_code == 302
    assert (
        client.post("/tai-khoan/dang-nhap/", {"username": "qltm2", "password": "Gialai@2027x"})["Location"]
        == "/don-vi/"
    )


def test_the_office_deactivates_moves_and_sees_last_sign_in(demo, office, client):
    account = UnitAccount.objects.get(user__username="ttkc")
    listing = office.get("/admin/snippets/emulation/unitaccount/").content.decode()
    assert "ttkc" in listing
    assert "Lần đăng nhập cuối" in listing
    office.post(f"/admin/emulation/accounts/{account.pk}/toggle/")
    account.user.refresh_from_db()
    assert not account.user.is_active
    edit = office.post(
        f"/admin/snippets/emulation/unitaccount/edit/{account.pk}/",
        {"unit": Unit.objects.get(code="QLCN").pk, "role": "staff"},
    )
    assert edit.status_code == 302
    account.refresh_from_db()
    assert account.unit.code == "QLCN"
    assert get_user_model().objects.get(username="ttkc").is_active is False


def test_unit_staff_cannot_manage_accounts(demo, client):
    from django.conf import settings

    client.post("/tai-khoan/dang-nhap/", {"username": "vanphong", "password": settings.DEMO_PASSWORD})
    assert client.get("/admin/emulation/accounts/invite/").status_code == 302
