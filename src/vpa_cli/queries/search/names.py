"""Names of the same thing: groups of names that search treats as one, so a query
in any of them finds the lines that use another (docs/search.md lists them).

A query's words that spell one of these names, in a row, become one unit that
matches wherever any name of its group does: `vpa search "East Sea"` and
`vpa search "South China Sea"` find the same lines. Names are compared as search
compares words (case, accents, punctuation and simple endings ignored), so
"Trung Quốc" is "trung quoc" and "peacekeeping operations" is "peacekeeping
operation". Each name belongs to one group only (tests/test_synonyms.py).

Left out on purpose: "US" and "Mỹ" (folded, they are the words "us" and "my"),
and "America" (Latin America, South America).
"""

from __future__ import annotations

EQUIVALENT_NAMES: tuple[tuple[str, ...], ...] = (
    # The sea: Vietnam calls it the East Sea (Biển Đông).
    ("South China Sea", "East Sea", "Biển Đông"),
    # Partners, in English and Vietnamese.
    ("China", "Trung Quốc", "PRC", "People's Republic of China"),
    ("United States", "USA", "United States of America", "Hoa Kỳ"),
    ("Russia", "Russian Federation", "Nga"),
    ("Soviet Union", "USSR", "Liên Xô"),
    ("India", "Ấn Độ"),
    ("Japan", "Nhật Bản"),
    ("Australia", "Úc"),
    ("Laos", "Lào", "Lao PDR"),
    ("Cambodia", "Campuchia", "Kampuchea"),
    ("France", "Pháp"),
    ("Turkey", "Türkiye", "Thổ Nhĩ Kỳ"),
    ("Myanmar", "Burma"),
    # Organisations and forums.
    ("United Nations", "UN", "Liên Hợp Quốc"),
    (
        "UN Security Council",
        "UNSC",
        "United Nations Security Council",
        "Security Council",
        "Hội đồng Bảo an",
    ),
    ("ASEAN", "Association of Southeast Asian Nations", "Hiệp hội các quốc gia Đông Nam Á"),
    ("ADMM", "ASEAN Defence Ministers' Meeting"),
    ("ADMM-Plus", "ADMM+", "ASEAN Defence Ministers' Meeting-Plus"),
    ("ASEAN Regional Forum", "ARF"),
    ("Shangri-La Dialogue", "SLD"),
    # Common abbreviations.
    (
        "peacekeeping operations",
        "PKO",
        "peacekeeping",
        "peace-keeping",
        "gìn giữ hòa bình",
    ),
    (
        "humanitarian assistance and disaster relief",
        "HADR",
        "HA/DR",
        "humanitarian aid and disaster relief",
    ),
    (
        "Ministry of National Defence",
        "Ministry of Defence",
        "MND",
        "MoD",
        "Bộ Quốc phòng",
    ),
    ("Central Military Commission", "CMC", "Quân ủy Trung ương"),
    ("Vietnam", "Viet Nam"),
    (
        "Vietnam People's Army",
        "VPA",
        "People's Army of Vietnam",
        "PAVN",
        "Quân đội nhân dân Việt Nam",
    ),
)
