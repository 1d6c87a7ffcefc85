import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from emulation.models import Unit
from tests.emulation import builders as b
from tests.factories import admin_menu


def test_unit_code_is_checked_with_a_vietnamese_message(db):
    unit = Unit(code="vp 1", name="Văn phòng Sở")
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "Dùng chữ in hoa không dấu" in error.value.message_dict["code"][0]


def submenu_urls(html, label):
    """The links of the admin sidebar's submenu `label`."""
    return [url for _label, url in admin_menu(html)[1][label]]


@pytest.fixture
def units(db):
    """Four units of different kinds, in the department's order."""
    return [
        b.unit("VP", name="Văn phòng Sở", short_name="Văn phòng", kind=Unit.Kind.OFFICE, sort_order=0),
        b.unit("TTRA", name="Thanh tra Sở", kind=Unit.Kind.DIVISION, sort_order=1),
        b.unit("TTKC", name="Trung tâm Khuyến công và Xúc tiến thương mại", kind=Unit.Kind.CENTRE, sort_order=2),
        b.unit("CDTN", name="Chi đoàn Thanh niên Sở", kind=Unit.Kind.YOUTH_UNION, sort_order=3),
    ]


def test_units_are_listed_under_the_emulation_menu_and_export(units, admin_client):
    response = admin_client.get("/admin/snippets/emulation/unit/")
    assert response.status_code == 200
    html = response.content.decode()
    for unit in units:
        assert unit.name in html, unit.code
    assert "/admin/snippets/emulation/unit/" in submenu_urls(html, "Hồ sơ thi đua")
    export = admin_client.get("/admin/snippets/emulation/unit/?export=csv")
    assert export.status_code == 200
    assert export.streaming
    rows = b"".join(export.streaming_content).decode().splitlines()
    assert len(rows) == 1 + len(units)  # the header, then a row per unit
    assert rows[0] == "Mã,Tên đơn vị,Tên viết tắt,Loại,Đang hoạt động"
    assert rows[1].startswith("VP,Văn phòng Sở,Văn phòng,")  # in the department's order
    assert rows[4].startswith("CDTN,Chi đoàn Thanh niên Sở,")


def test_unit_listing_is_filtered_and_searched(units, admin_client):
    by_kind = admin_client.get("/admin/snippets/emulation/unit/?kind=trung-tam")
    assert by_kind.status_code == 200
    html = by_kind.content.decode()
    assert "Trung tâm Khuyến công" in html
    assert "Thanh tra Sở" not in html
    searched = admin_client.get("/admin/snippets/emulation/unit/?q=Thanh")
    assert searched.status_code == 200
    html = searched.content.decode()
    assert "Thanh tra Sở" in html
    assert "Chi đoàn Thanh niên Sở" in html
    assert "Văn phòng Sở" not in html


def test_editing_a_unit_is_logged_in_its_history(admin_client):
    unit = b.unit("QLNL", name="Phòng Quản lý Năng lượng", short_name="P. QLNL")
    response = admin_client.post(
        f"/admin/snippets/emulation/unit/edit/{unit.pk}/",
        {
            "code": "QLNL",
            "name": "Phòng Quản lý Năng lượng tỉnh",
            "short_name": "P. QLNL",
            "kind": "phong-chuyen-mon",
            "active": "on",
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Phòng Quản lý Năng lượng tỉnh"
    entry = ModelLogEntry.objects.filter(object_id=str(unit.pk)).latest("timestamp")
    assert entry.action == "wagtail.edit"
    assert entry.user.username == "office"
    history = admin_client.get(f"/admin/snippets/emulation/unit/history/{unit.pk}/")
    assert history.status_code == 200
    assert "office" in history.content.decode()
