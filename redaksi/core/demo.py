"""Demo staff that look like a regency office's. Used by `make run` and by tests."""

from dataclasses import dataclass

from django.db import transaction

from redaksi.accounts.models import Office, Role, User
from redaksi.accounts.services import user_create

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

# (title, category, place, how far it gets: the step it waits at, or None when completed,
#  and the minutes each step took in office time, which makes some late against the SOP)
DEMO_ITEMS = (
    (
        "Bupati Bengkalis Resmikan Jembatan Penghubung Desa Teluk Lancar",
        "Pembangunan",
        "Bantan",
        None,
        (55, 18, 12, 9, 14, 12, 8, 10),
    ),
    (
        "Diskominfotik Gelar Pelatihan Pengelolaan Website bagi Admin OPD",
        "Teknologi Informasi",
        "Bengkalis",
        None,
        (70, 25, 40, 10, 15, 14, 9, 12),
    ),
    (
        "Bengkalis Raih Predikat Informatif pada Anugerah Keterbukaan Informasi Riau",
        "Pemerintahan",
        "Pekanbaru",
        8,
        (50, 15, 10, 8, 12, 10, 7),
    ),
    ("Festival Pantai Selatbaru Tarik Ribuan Pengunjung", "Ekonomi", "Bantan", 7, (65, 20, 14, 12, 13, 30)),
    ("Pengumuman Jadwal Pelayanan Adminduk Keliling Bulan Desember", "Pengumuman", "Bengkalis", 6, (30, 10, 8, 6, 40)),
    ("Sosialisasi Keterbukaan Informasi Publik di Kecamatan Mandau", "Pemerintahan", "Duri", 5, (60, 22, 90, 10)),
    ("Wakil Bupati Tinjau Pelaksanaan Imunisasi di Puskesmas Duri", "Kesehatan", "Duri", 4, (45, 20, 15)),
    ("Rapat Koordinasi Penanganan Banjir Rob di Kecamatan Bantan", "Pemerintahan", "Bantan", 3, (58, 19)),
    ("Pasar Murah Jelang Natal dan Tahun Baru Digelar di Enam Kecamatan", "Ekonomi", "Bengkalis", 3, (62, 35)),
    ("Tim Diskominfotik Perluas Jaringan Internet Desa di Pulau Rupat", "Teknologi Informasi", "Rupat", 2, (75,)),
    ("Bupati Ajak ASN Sukseskan Gerakan Bengkalis Bersih", "Pemerintahan", "Bengkalis", 2, (40,)),
    ("Dinas Pendidikan Salurkan Beasiswa bagi 500 Mahasiswa Berprestasi", "Pendidikan", "Bengkalis", 1, ()),
)

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


def _demo_body(title: str, place: str) -> tuple[str, str]:
    lead = f"{place.upper()} – {title}. Pemerintah Kabupaten Bengkalis terus membuka informasi bagi masyarakat."
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return lead, body


def create_demo_items(office: Office) -> int:
    """A dozen news items spread over the steps, some late against the standards.

    Each action runs at a moment in the past office days (time_machine, a test tool that
    `make run` installs), so the record, the step runs and the clock agree with each other.
    """
    from datetime import datetime, timedelta

    import time_machine
    from django.utils import timezone
    from django.utils.text import slugify

    from redaksi.newsroom.models import Category, NewsItem
    from redaksi.newsroom.services import ItemText, item_create, step_complete
    from redaksi.sop.engine import Outcome

    if NewsItem.objects.filter(office=office).exists():
        return 0
    categories = {
        name: Category.objects.get_or_create(office=office, slug=slugify(name), defaults={"name": name})[0]
        for name in CATEGORIES
    }
    users = {u.username: u for u in User.objects.filter(office=office)}
    by_role = {
        "staf-pengolah-data": users["pengolah"],
        "kasubag": users["kasubag"],
        "kabag": users["kabag"],
        "staf-admin": users["adminweb"],
    }
    from redaksi.newsroom.selectors import news_sop_version

    steps = news_sop_version(office).definition["steps"]
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    # Start on working mornings of the last two weeks, newest items last.
    starts = []
    day = today - timedelta(days=1)
    while len(starts) < len(DEMO_ITEMS):
        if day.weekday() < 5:
            starts.append(datetime(day.year, day.month, day.day, 8, 0, tzinfo=tz))
        day -= timedelta(days=1)
    starts.reverse()
    for (title, category, place, waits_at, minutes), start in zip(DEMO_ITEMS, starts, strict=True):
        lead, body = _demo_body(title, place)
        writer = users["pengolah2"] if "Beasiswa" in title else users["pengolah"]
        with time_machine.travel(start, tick=False):
            item = item_create(
                actor=writer,
                office=office,
                text=ItemText(
                    title=title,
                    lead=lead,
                    body=body,
                    category=categories[category],
                    tags=[place, category],
                    byline=writer.get_full_name(),
                    place=place,
                ),
            )
        moment = start
        for index, spent in enumerate(minutes):
            step = steps[index]
            moment += timedelta(minutes=spent)
            actor = writer if step["performer"] == "staf-pengolah-data" else by_role[step["performer"]]
            outcome = Outcome.APPROVE if step["symbol"] == "decision" else Outcome.DONE
            output = (
                {
                    "links": [
                        f"https://www.facebook.com/diskominfotik.bengkalis/posts/{item.pk}0{index}",
                        f"https://x.com/kominfobks/status/{item.pk}00{index}",
                    ]
                }
                if step["kind"] == "share"
                else None
            )
            with time_machine.travel(moment, tick=False):
                step_complete(
                    actor=actor,
                    item_id=item.pk,
                    step_number=step["number"],
                    outcome=outcome,
                    expected_revision=None,
                    output=output,
                )
        if waits_at is not None:
            item.refresh_from_db()
            assert item.current_step == waits_at, (title, item.current_step)
    return len(DEMO_ITEMS)
