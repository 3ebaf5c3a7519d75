"""A dozen demo news items spread over the SOP's steps, some late against the standards.

Every action runs through the real services; `backdate` then moves what each action wrote to the
moment in past office time it stands for, so that each waiting item is as far into its step's
standard as the plan says.

The history is not mailed: the mails an action queues are marked as never to be sent, in the
action's own transaction, before the task worker can see them. Only the approval mails of an item
now waiting for approval go out, as they would have just gone: their links are how the approver
decides by mail. The inbox entries stay, and those whose task the history did are already done;
the reminders of thresholds the history passed count as sent, so the worker does not send them
all at the first opening of the office.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from redaksi.accounts.models import Office, User
from redaksi.core import clock
from redaksi.newsroom.models import Category, NewsItem
from redaksi.newsroom.selectors import news_sop_version
from redaksi.newsroom.services import ItemText, item_create, step_complete
from redaksi.notify.models import OutboundMail
from redaksi.notify.outbox import mail_withhold
from redaksi.notify.reminders import reminders_skip
from redaksi.sop.definition import step_kinds
from redaksi.sop.engine import Outcome

from .backdate import Window, backdate
from .media import item_media_add

CATEGORIES = ("Pemerintahan", "Pembangunan", "Kesehatan", "Pendidikan", "Ekonomi", "Pengumuman", "Teknologi Informasi")


@dataclass(frozen=True)
class DemoItem:
    title: str
    category: str
    place: str
    minutes: tuple[int, ...]  # office minutes each completed step took, in order
    waits_at: int | None  # the step it waits at now; None when the SOP is completed
    wait: float = 0.0  # how far into the waiting step's standard it is now (1.5 = 150 %: late)
    reject_at: dict[int, str] | None = None  # a step whose first decision is "no", with the reason
    body: tuple[str, ...] = ()  # its own paragraphs; none: the common ones


DEMO_ITEMS = (
    DemoItem("Bupati Bengkalis Resmikan Jembatan Penghubung Desa Teluk Lancar", "Pembangunan", "Bantan",
             (55, 18, 12, 9, 14, 12, 8, 10), None, 40.0),
    DemoItem("Diskominfotik Gelar Pelatihan Pengelolaan Website bagi Admin OPD", "Teknologi Informasi", "Bengkalis",
             (70, 25, 40, 10, 15, 14, 9, 12), None, 30.0),
    DemoItem("Bengkalis Raih Predikat Informatif pada Anugerah Keterbukaan Informasi Riau", "Pemerintahan", "Pekanbaru",
             (50, 15, 10, 8, 12, 10, 7), 8, 0.4, {6: "Nama lembaga pemberi penghargaan salah ketik di judul foto."}),
    DemoItem("Festival Pantai Selatbaru Tarik Ribuan Pengunjung", "Ekonomi", "Bantan",
             (65, 20, 14, 12, 13, 30), 7, 0.85, {3: "Foto utama kurang jelas, mohon diganti foto panggung utama."}),
    DemoItem("Pengumuman Jadwal Pelayanan Adminduk Keliling Bulan Desember", "Pengumuman", "Bengkalis",
             (30, 10, 8, 6, 40), 6, 1.6),
    DemoItem("Sosialisasi Keterbukaan Informasi Publik di Kecamatan Mandau", "Pemerintahan", "Duri",
             (60, 22, 90, 10), 5, 0.5),
    DemoItem("Wakil Bupati Tinjau Pelaksanaan Imunisasi di Puskesmas Duri", "Kesehatan", "Duri", (45, 20, 15), 4, 2.5),
    DemoItem("Rapat Koordinasi Penanganan Banjir Rob di Kecamatan Bantan", "Pemerintahan", "Bantan", (58, 19), 3, 3.0),
    DemoItem("Pasar Murah Jelang Natal dan Tahun Baru Digelar di Enam Kecamatan", "Ekonomi", "Bengkalis",
             (62, 35), 3, 0.3),
    DemoItem("Tim Diskominfotik Perluas Jaringan Internet Desa di Pulau Rupat", "Teknologi Informasi", "Rupat",
             (75,), 2, 0.9),
    DemoItem("Bupati Ajak ASN Sukseskan Gerakan Bengkalis Bersih", "Pemerintahan", "Bengkalis", (40,), 2, 0.2),
    DemoItem("Pengumuman Penutupan Sementara Layanan Tatap Muka Selama Cuti Bersama", "Pengumuman", "Bengkalis",
             (35, 12, 9, 8, 10, 9, 6, 8), None, 12.0, body=(
                 "Sehubungan dengan cuti bersama Hari Raya Natal tahun 2026, layanan tatap muka Dinas Komunikasi, "
                 "Informatika dan Statistik Kabupaten Bengkalis ditutup sementara pada tanggal 24 sampai dengan "
                 "26 Desember 2026.",
                 "Selama masa tersebut, permohonan informasi publik tetap dapat disampaikan secara daring melalui "
                 "laman PPID Kabupaten Bengkalis dan akan diproses pada hari kerja berikutnya.",
                 "Layanan tatap muka dibuka kembali pada hari Senin, 28 Desember 2026, pukul 08.00 WIB.")),
    DemoItem("Pengumuman Hasil Seleksi Administrasi Tenaga Pendamping Desa Digital", "Pengumuman", "Bengkalis",
             (40, 15, 10, 9, 12, 10, 7, 9), None, 20.0, body=(
                 "Berdasarkan hasil seleksi administrasi calon Tenaga Pendamping Desa Digital Kabupaten Bengkalis "
                 "tahun 2026, sebanyak 86 pelamar dinyatakan memenuhi syarat administrasi.",
                 "Daftar nama peserta yang lulus dapat dilihat pada papan pengumuman kantor Diskominfotik dan "
                 "lampiran pengumuman ini. Peserta yang lulus wajib mengikuti tes kompetensi pada tanggal "
                 "14 Desember 2026.",
                 "Keputusan panitia seleksi bersifat final dan tidak dapat diganggu gugat.")),
    DemoItem("Dinas Pendidikan Salurkan Beasiswa bagi 500 Mahasiswa Berprestasi", "Pendidikan", "Bengkalis",
             (), 1, 0.5),
)  # fmt: skip

PARAGRAPHS = (
    "Kegiatan tersebut dihadiri oleh unsur Forum Koordinasi Pimpinan Daerah, para kepala perangkat daerah, "
    "camat, kepala desa serta tokoh masyarakat setempat.",
    "Dalam sambutannya, pimpinan daerah menyampaikan bahwa program ini merupakan bagian dari upaya Pemerintah "
    "Kabupaten Bengkalis untuk meningkatkan pelayanan publik dan kesejahteraan masyarakat.",
    "Masyarakat diharapkan dapat berperan aktif dan memanfaatkan kegiatan ini dengan sebaik-baiknya, serta "
    "menyampaikan masukan melalui kanal pengaduan resmi pemerintah daerah.",
    "Informasi lebih lanjut dapat diperoleh melalui Pejabat Pengelola Informasi dan Dokumentasi (PPID) "
    "Kabupaten Bengkalis pada hari dan jam kerja.",
)


Action = tuple[int, str, str, int]  # (step number, outcome, reason, office minutes it took)
Event = tuple[datetime, DemoItem, Action | None]  # None: the item is written


def _office_time_ago(cal, now: datetime, seconds: int) -> datetime:
    """The moment from which `seconds` of office time have passed by `now` (a binary search)."""
    low, high = 0, 90 * 24 * 3600
    while low < high:
        mid = (low + high) // 2
        if clock.working_seconds(cal, now - timedelta(seconds=mid), now) >= seconds:
            high = mid
        else:
            low = mid + 1
    return now - timedelta(seconds=low)


def _plan(item: DemoItem, steps: list[dict]) -> list[Action]:
    """The actions of an item in order: (step number, outcome, reason, office minutes it took)."""
    actions, spent = [], list(item.minutes)
    for index, minutes in enumerate(spent):
        step = steps[index]
        decision = step["symbol"] == "decision"
        if item.reject_at and step["number"] in item.reject_at:
            back = step["on_reject"]
            actions.append((step["number"], "reject", item.reject_at[step["number"]], minutes))
            actions += [(n, "done", "", 10) for n in range(back, step["number"])]
        actions.append((step["number"], "approve" if decision else "done", "", minutes))
    return actions


def create_demo_items(office: Office, *, media: bool = True, say: Callable[[str], None] = print) -> int:
    """Run every planned action of every item in time order, then move each to its moment."""
    if NewsItem.objects.filter(office=office).exists():
        return 0
    categories = {
        name: Category.objects.get_or_create(office=office, slug=slugify(name), defaults={"name": name})[0]
        for name in CATEGORIES
    }
    users = {u.username: u for u in User.objects.filter(office=office)}
    steps = news_sop_version(office).definition["steps"]
    created: dict[str, NewsItem] = {}
    windows = []
    events = _events(steps, timezone.now())
    last = {plan.title: index for index, (_moment, plan, _action) in enumerate(events)}
    for index, (moment, plan, action) in enumerate(events):
        start = timezone.now()
        if action is None:
            created[plan.title] = _write(office, plan, users, categories)
            if media:
                item_media_add(created[plan.title], actor=_writer(plan, users), taken=moment, say=say)
        else:
            with transaction.atomic():
                before = OutboundMail.objects.aggregate(last=Max("pk"))["last"] or 0
                _act(created[plan.title], plan, steps[action[0] - 1], action, users)
                _unmail_history(created[plan.title], before, now=index == last[plan.title])
        windows.append(Window(start=start, end=timezone.now(), moment=moment))
    backdate(windows)
    reminders_skip()  # the thresholds the history passed were reminded in the past it stands for
    for plan in DEMO_ITEMS:
        created[plan.title].refresh_from_db()
        assert created[plan.title].current_step == plan.waits_at, plan.title
    return len(DEMO_ITEMS)


def _unmail_history(item: NewsItem, before: int, *, now: bool) -> int:
    """The mails about `item` queued since mail `before` are history, except a request for approval still open."""
    history = OutboundMail.objects.filter(pk__gt=before, item=item)
    if now:
        history = history.exclude(kind="approval")
    return mail_withhold(history.values_list("pk", flat=True), reason="demo history: not sent")


def _events(steps: list[dict], now: datetime) -> list[Event]:
    """Every item's writing and actions at their moments, in time order, so the record follows time."""
    cal = clock.office_calendar_from_settings()
    events: list[Event] = []
    for item in DEMO_ITEMS:
        actions = _plan(item, steps)
        standard = steps[(item.waits_at or len(steps)) - 1]["minutes"]
        # Walk back from the last action through the office minutes each action took.
        moments = [_office_time_ago(cal, now, int(item.wait * standard * 60))]
        for _number, _outcome, _reason, minutes in reversed(actions):
            moments.append(_office_time_ago(cal, moments[-1], minutes * 60))
        moments.reverse()
        events.append((moments[0], item, None))
        events += [(moment, item, action) for moment, action in zip(moments[1:], actions, strict=True)]
    events.sort(key=lambda e: e[0])
    return events


def _writer(plan: DemoItem, users: dict[str, User]) -> User:
    return users["pengolah2"] if "Beasiswa" in plan.title else users["pengolah"]


def _write(office: Office, plan: DemoItem, users: dict[str, User], categories: dict[str, Category]) -> NewsItem:
    writer = _writer(plan, users)
    lead = f"{plan.place.upper()} – {plan.title}. Pemerintah Kabupaten Bengkalis menyampaikan informasi ini."
    return item_create(
        actor=writer,
        office=office,
        text=ItemText(
            title=plan.title, lead=lead, body="".join(f"<p>{p}</p>" for p in plan.body or PARAGRAPHS),
            category=categories[plan.category], tags=[plan.place, plan.category],
            byline=writer.get_full_name(), place=plan.place,
        ),
    )  # fmt: skip


def _act(item: NewsItem, plan: DemoItem, step: dict, action: Action, users: dict[str, User]) -> None:
    number, outcome, reason, _minutes = action
    performer = {"kasubag": users["kasubag"], "kabag": users["kabag"], "staf-admin": users["adminweb"]}
    writer = _writer(plan, users)
    links = [
        f"https://www.facebook.com/diskominfotik.bengkalis/posts/{item.pk}01",
        f"https://x.com/kominfobks/status/{item.pk}02",
    ]
    step_complete(
        actor=writer if step["performer"] == "staf-pengolah-data" else performer[step["performer"]],
        item_id=item.pk,
        step_number=number,
        outcome=Outcome(outcome),
        expected_revision=None,
        reason=reason,
        output={"links": links} if "share" in step_kinds(step) else None,
    )
