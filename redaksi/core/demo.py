"""Demo staff that look like a regency office's. Used by `make run` and by tests."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from redaksi.accounts.models import Office, Role, User
from redaksi.accounts.services import user_create
from redaksi.core import clock

DEMO_PASSWORD = "redaksi-demo-2026"  # noqa: S105 - demo logins, printed by make run


@dataclass(frozen=True)
class DemoPerson:
    username: str
    full_name: str
    nip: str
    jabatan: str
    pangkat: str
    role: str | None
    is_staff: bool = False


DEMO_STAFF = (
    DemoPerson(
        "kabag",
        "Hendra Saputra, S.Sos., M.Si.",
        "19750312 200003 1 004",
        "Kepala Bidang Informasi dan Komunikasi Publik",
        "Pembina (IV/a)",
        "kabag",
    ),
    DemoPerson(
        "kasubag",
        "Siti Rahmawati, S.I.Kom.",
        "19830627 200801 2 011",
        "Kepala Seksi Pengelolaan Informasi Publik",
        "Penata Tk. I (III/d)",
        "kasubag",
    ),
    DemoPerson(
        "pengolah",
        "Muhammad Rizki Pratama, A.Md.",
        "19920915 201902 1 003",
        "Pengolah Data Informasi Publik",
        "Pengatur (II/c)",
        "staf-pengolah-data",
    ),
    DemoPerson(
        "adminweb",
        "Dewi Lestari, S.Kom.",
        "19900104 201503 2 007",
        "Pengelola Website",
        "Penata Muda Tk. I (III/b)",
        "staf-admin",
    ),
    DemoPerson(
        "pengolah2",
        "Rahmat Hidayat",
        "19950721 202012 1 002",
        "Pengolah Data Informasi Publik",
        "Pengatur Muda Tk. I (II/b)",
        "staf-pengolah-data",
    ),
    DemoPerson(
        "sysadmin",
        "Andi Firmansyah, S.T.",
        "19880419 201101 1 005",
        "Pranata Komputer Ahli Pertama",
        "Penata Muda (III/a)",
        None,
        is_staff=True,
    ),
)


@transaction.atomic
def create_demo_staff(office: Office) -> list[tuple[DemoPerson, User]]:
    """Create the demo staff once; running again changes nothing."""
    created = []
    for person in DEMO_STAFF:
        user = User.objects.filter(username=person.username).first()
        if user is None:
            roles = Role.objects.filter(office=office, code=person.role) if person.role else Role.objects.none()
            user = user_create(
                actor=None,
                office=office,
                username=person.username,
                full_name=person.full_name,
                password=DEMO_PASSWORD,
                nip=person.nip,
                jabatan=person.jabatan,
                pangkat=person.pangkat,
                email=f"{person.username}@diskominfotik.bengkaliskab.go.id",
                is_staff=person.is_staff,
                roles=roles,
            )
        created.append((person, user))
    return created


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


def _plan(item: DemoItem, steps: list[dict]) -> list[tuple[int, str, str, int]]:
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


def create_demo_items(office: Office) -> int:
    """A dozen news items spread over the steps, some late against the standards.

    Each action runs at its moment in past office time (time_machine, a test tool that
    `make run` installs), so the record, the step runs and the clock agree with each other,
    and each waiting item is as far into its step's standard as the plan says.
    """
    import time_machine
    from django.utils import timezone
    from django.utils.text import slugify

    from redaksi.newsroom.models import Category, NewsItem
    from redaksi.newsroom.selectors import news_sop_version
    from redaksi.newsroom.services import ItemText, item_create, step_complete
    from redaksi.sop.engine import Outcome

    if NewsItem.objects.filter(office=office).exists():
        return 0
    categories = {
        name: Category.objects.get_or_create(office=office, slug=slugify(name), defaults={"name": name})[0]
        for name in CATEGORIES
    }
    users = {u.username: u for u in User.objects.filter(office=office)}
    performer = {"kasubag": users["kasubag"], "kabag": users["kabag"], "staf-admin": users["adminweb"]}
    steps = news_sop_version(office).definition["steps"]
    cal = clock.office_calendar_from_settings()
    now = timezone.now()
    schedules = []
    for item in DEMO_ITEMS:
        actions = _plan(item, steps)
        standard = steps[(item.waits_at or len(steps)) - 1]["minutes"]
        last = _office_time_ago(cal, now, int(item.wait * standard * 60))
        # Walk back from the last action through the office minutes each action took.
        moments = [last]
        for _number, _outcome, _reason, minutes in reversed(actions):
            moments.append(_office_time_ago(cal, moments[-1], minutes * 60))
        moments.reverse()
        schedules.append((item, actions, moments))
    # Run every action of every item in time order, so the record's sequence follows time.
    events = []
    for item, actions, moments in schedules:
        events.append((moments[0], item, None))
        events += [(moment, item, action) for moment, action in zip(moments[1:], actions, strict=True)]
    events.sort(key=lambda e: e[0])
    created: dict[str, NewsItem] = {}
    for moment, plan, action in events:
        writer = users["pengolah2"] if "Beasiswa" in plan.title else users["pengolah"]
        with time_machine.travel(moment, tick=False):
            if action is None:
                lead = (
                    f"{plan.place.upper()} – {plan.title}. Pemerintah Kabupaten Bengkalis menyampaikan informasi ini."
                )
                created[plan.title] = item_create(
                    actor=writer,
                    office=office,
                    text=ItemText(
                        title=plan.title, lead=lead, body="".join(f"<p>{p}</p>" for p in PARAGRAPHS),
                        category=categories[plan.category], tags=[plan.place, plan.category],
                        byline=writer.get_full_name(), place=plan.place,
                    ),
                )  # fmt: skip
                continue
            number, outcome, reason, _minutes = action
            step = steps[number - 1]
            pk = created[plan.title].pk
            links = [
                f"https://www.facebook.com/diskominfotik.bengkalis/posts/{pk}01",
                f"https://x.com/kominfobks/status/{pk}02",
            ]
            step_complete(
                actor=writer if step["performer"] == "staf-pengolah-data" else performer[step["performer"]],
                item_id=pk,
                step_number=number,
                outcome=Outcome(outcome),
                expected_revision=None,
                reason=reason,
                output={"links": links} if step["kind"] == "share" else None,
            )
    for plan in DEMO_ITEMS:
        created[plan.title].refresh_from_db()
        assert created[plan.title].current_step == plan.waits_at, plan.title
    return len(DEMO_ITEMS)
