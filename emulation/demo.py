"""Demo records: the department's units. Safe to load twice: existing units are left as the office edited them."""

from emulation.models import Unit

# (code, name, short name, kind), in the order the department lists them.
DEMO_UNITS = [
    ("VP", "Văn phòng Sở", "Văn phòng", Unit.Kind.OFFICE),
    ("TTRA", "Thanh tra Sở", "Thanh tra", Unit.Kind.DIVISION),
    ("KHTC", "Phòng Kế hoạch – Tài chính", "P. KH-TC", Unit.Kind.DIVISION),
    ("QLCN", "Phòng Quản lý Công nghiệp", "P. QLCN", Unit.Kind.DIVISION),
    ("QLTM", "Phòng Quản lý Thương mại", "P. QLTM", Unit.Kind.DIVISION),
    ("QLNL", "Phòng Quản lý Năng lượng", "P. QLNL", Unit.Kind.DIVISION),
    ("KTAT", "Phòng Kỹ thuật an toàn – Môi trường", "P. KTAT-MT", Unit.Kind.DIVISION),
    ("TTKC", "Trung tâm Khuyến công và Xúc tiến thương mại", "TTKC & XTTM", Unit.Kind.CENTRE),
    ("CD", "Công đoàn cơ sở Sở Công Thương", "Công đoàn", Unit.Kind.UNION),
    ("CDTN", "Chi đoàn Thanh niên Sở", "Chi đoàn", Unit.Kind.YOUTH_UNION),
    ("HDTDKT", "Hội đồng Thi đua – Khen thưởng Sở", "Hội đồng TĐKT", Unit.Kind.COUNCIL),
]


def load_units():
    """Create the demo units that are missing; return how many were created."""
    created = 0
    for position, (code, name, short_name, kind) in enumerate(DEMO_UNITS):
        _, was_created = Unit.objects.get_or_create(
            code=code,
            defaults={"name": name, "short_name": short_name, "kind": kind, "sort_order": position},
        )
        created += was_created
    return created
