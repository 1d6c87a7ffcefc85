import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from emulation.models import Unit


def test_unit_code_is_checked_with_a_vietnamese_message(db):
    unit = Unit(code="vp 1", name="Văn phòng Sở")
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "Dùng chữ in hoa không dấu" in error.value.message_dict["code"][0]


def test_units_are_listed_under_the_emulation_menu_and_export(demo, admin_client):
    response = admin_client.get("/admin/snippets/emulation/unit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trung tâm Khuyến công và Xúc tiến thương mại" in html
    assert "Thi đua – Khen thưởng" in html
    export = admin_client.get("/admin/snippets/emulation/unit/?export=csv")
    rows = b"".join(export.streaming_content).decode().splitlines() if export.streaming else []
    assert len(rows) == 12  # header and 11 units
    assert rows[1].startswith("VP,Văn phòng Sở")


def test_unit_listing_is_filtered_and_searched(demo, admin_client):
    html = admin_client.get("/admin/snippets/emulation/unit/?kind=trung-tam").content.decode()
    assert "Trung tâm Khuyến công" in html
    assert "Thanh tra Sở" not in html
    html = admin_client.get("/admin/snippets/emulation/unit/?q=Thanh").content.decode()
    assert "Thanh tra Sở" in html
    assert "Chi đoàn Thanh niên Sở" in html
    assert "Văn phòng Sở" not in html


def test_editing_a_unit_is_logged_in_its_history(demo, admin_client):
    unit = Unit.objects.get(code="QLNL")
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
    entry = ModelLogEntry.objects.filter(object_id=str(unit.pk)).latest("timestamp")
    assert entry.action == "wagtail.edit"
    assert entry.user.username == "office"
    history = admin_client.get(f"/admin/snippets/emulation/unit/history/{unit.pk}/").content.decode()
    assert "office" in history
