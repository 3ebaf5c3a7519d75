"""Step 8's reach per network on the dashboard, its drill-down and its exports, from shares of known figures."""

import re
from datetime import datetime
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from redaksi.core.clock import WIB
from redaksi.monitoring import dashboard
from redaksi.monitoring.models import ExportPdf
from redaksi.social.models import Share, SocialAccount

from .history import NOW, build_history
from .test_figures import PERIOD
from .test_pages import QUERY, cells

pytestmark = pytest.mark.django_db
POSTED = Share.Status.POSTED


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=WIB)


@pytest.fixture
def shares(staff, office):
    return post_shares(build_history(staff), office)


def post_shares(items, office):
    """Shares of the known history's items A, B and C, with known figures (two not counted)."""
    account = {
        network: SocialAccount.objects.create(office=office, network=network, name=f"Diskominfotik {network}",
                                              backend="memory")
        for network in ("facebook", "instagram", "whatsapp", "x")
    }  # fmt: skip

    def share(item, network, posted_at, metrics, status=POSTED, read=True):
        return Share.objects.create(
            item=items[item], account=account[network], status=status, posted_at=posted_at, metrics=metrics,
            metrics_read_at=posted_at if read and metrics else None, url="https://example.org/p",
        )  # fmt: skip

    share("A", "facebook", at(23, 11), {"reach": 120, "views": 200, "likes": 7, "comments": 2, "shares": 1})
    share("A", "instagram", at(23, 11), {"reach": 80, "views": 90, "likes": 10, "comments": 0, "shares": 0})
    share("B", "facebook", at(24, 14), {"reach": 30, "views": 45, "likes": 3, "comments": 1, "post_clicks": 5})
    share("B", "whatsapp", at(24, 14), {}, status=Share.Status.MANUAL_DONE)  # shared by hand: no figures
    # Not counted: posted before the period, and refused by the network.
    share("C", "facebook", datetime(2026, 11, 2, 9, tzinfo=WIB), {"reach": 999, "views": 999, "likes": 99})
    share("C", "x", None, {}, status=Share.Status.REFUSED)
    return items


# facebook: A + B = 2 posts, reach 120 + 30, views 200 + 45, engagement (7+2+1) + (3+1) = 14
# instagram: 1 post, reach 80, views 90, engagement 10; WhatsApp: 1 post by hand, no figures.
EXPECTED = [
    ("facebook", "Facebook", 2, 2, 150, 245, 14),
    ("instagram", "Instagram", 1, 1, 80, 90, 10),
    ("whatsapp", "WhatsApp channel", 1, 0, None, None, None),
]


def test_reach_is_summed_per_network(shares, bengkalis):
    with time_machine.travel(NOW, tick=False):
        d = dashboard.build(bengkalis.sop, PERIOD)
    keys = ("network", "label", "posts", "read", "reach", "views", "engagement")
    assert [tuple(n[k] for k in keys) for n in d.networks] == EXPECTED


def test_reach_table_drill_down_and_exports(client, shares, staff):
    client.force_login(staff["head"])
    with time_machine.travel(NOW, tick=False):
        html = client.get(f"/pemantauan/?{QUERY}").content.decode()
        assert cells(html, 'data-network="facebook"') == [["Facebook"], ["2"], ["2"], ["150"], ["245"], ["14"]]
        assert cells(html, 'data-network="whatsapp"') == [["WhatsApp", "channel"], ["1"], ["0"], ["–"], ["–"], ["–"]]
        link = re.search(r'data-network="facebook"><td>Facebook</td><td><a href="([^"]+)"', html).group(1)
        items = client.get(link.replace("&amp;", "&")).content.decode()
        assert sorted(re.findall(r">Berita ([A-E])<", items)) == ["A", "B"]
        assert "Items posted on Facebook in the period" in items
        bad = client.get(f"/pemantauan/berita/?{QUERY}&saring=network&nilai=myspace")
        assert bad.status_code == 200 and "The filter is not valid." in bad.content.decode()
        wb = load_workbook(BytesIO(client.get(f"/pemantauan/dasbor.xlsx?{QUERY}").content))
        rows = list(wb.worksheets[2].iter_rows(values_only=True))
        assert rows[1:4] == [
            ("Facebook", 2, 2, 150, 245, 14), ("Instagram", 1, 1, 80, 90, 10),
            ("WhatsApp channel", 1, 0, None, None, None),
        ]  # fmt: skip
        client.get(f"/pemantauan/dasbor.pdf?{QUERY}")
    printed = re.sub(r"<[^>]+>", " ", ExportPdf.objects.get().html)
    assert " ".join(printed.split()).count("Facebook 2 2 150 245 14") == 1


def test_no_post_in_the_period_says_so(client, staff, bengkalis):
    client.force_login(staff["head"])
    with time_machine.travel(NOW, tick=False):
        html = client.get(f"/pemantauan/?{QUERY}").content.decode()
    assert "Nothing was posted to the social networks in the period." in html
