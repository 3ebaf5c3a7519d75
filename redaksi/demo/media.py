"""The demo's photos, video and photo gallery, added through the media services as staff add them.

The writer adds each item's photos (with caption, credit and alt text) and, for one item, a short video
right after writing it, at step 1 where the SOP takes media: every later step, publication included, then
sees them as it would in the office. The publishing role makes and publishes a gallery of its own.

The photos' renditions and the video's web copy are made by the media tasks, run here in this process:
`make run` starts the task worker only after the first `demo_data`, and an item is published only once
its photos are ready.
"""

import io
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from redaksi.accounts.models import Office, User
from redaksi.media import services
from redaksi.media.models import Gallery, ItemMedia, Photo, Status
from redaksi.media.tasks import process_video, render_photo
from redaksi.newsroom.models import NewsItem

from .backdate import Window, backdate
from .pictures import Shot, photo_bytes, temp_folder, video_file

IN_PROCESS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

HUMAS = "Diskominfotik Bengkalis"
PROKOPIM = "Prokopim Setda Bengkalis"

# The photos of each demo item, by its title; the first is the lead photo.
ITEM_PHOTOS: dict[str, tuple[Shot, ...]] = {
    "Bupati Bengkalis Resmikan Jembatan Penghubung Desa Teluk Lancar": (
        Shot("bridge", 1, "Bupati Bengkalis bersama warga melintasi jembatan penghubung Desa Teluk Lancar usai "
             "peresmian.", "Warga berjalan di atas jembatan beton di atas sungai, spanduk peresmian di latar.",
             PROKOPIM, banner="PERESMIAN JEMBATAN\nDESA TELUK LANCAR"),
        Shot("bridge", 2, "Jembatan sepanjang 120 meter ini menghubungkan Desa Teluk Lancar dengan pusat "
             "Kecamatan Bantan.", "Jembatan beton dan sungai berwarna cokelat dilihat dari kejauhan.", HUMAS,
             camera="drone", banner="DESA TELUK LANCAR"),
        Shot("street", 3, "Masyarakat Desa Teluk Lancar menyambut rombongan Bupati Bengkalis.",
             "Warga berkumpul di jalan desa di depan deretan rumah.", PROKOPIM, camera="sony",
             banner="SELAMAT DATANG"),
    ),
    "Diskominfotik Gelar Pelatihan Pengelolaan Website bagi Admin OPD": (
        Shot("training", 1, "Peserta pelatihan mengikuti materi pengelolaan website dari narasumber Diskominfotik.",
             "Peserta duduk berbaris menghadap layar presentasi, narasumber berdiri di kanan.", HUMAS,
             banner="PELATIHAN PENGELOLAAN\nWEBSITE OPD"),
        Shot("training", 2, "Admin website perangkat daerah mempraktikkan pengunggahan berita dan foto.",
             "Ruang pelatihan dengan deretan peserta dan layar bertuliskan praktik.", HUMAS, camera="nikon",
             banner="SESI PRAKTIK"),
    ),
    "Bengkalis Raih Predikat Informatif pada Anugerah Keterbukaan Informasi Riau": (
        Shot("hall", 1, "Perwakilan Pemerintah Kabupaten Bengkalis menerima penghargaan Badan Publik Informatif.",
             "Deretan pejabat duduk di meja panjang di bawah spanduk anugerah keterbukaan informasi.", HUMAS,
             banner="ANUGERAH KETERBUKAAN\nINFORMASI PUBLIK 2026"),
    ),
    "Festival Pantai Selatbaru Tarik Ribuan Pengunjung": (
        Shot("beach", 1, "Ribuan pengunjung memadati panggung utama Festival Pantai Selatbaru.",
             "Kerumunan pengunjung di pantai berpasir di depan panggung festival.", HUMAS,
             banner="FESTIVAL PANTAI\nSELATBARU 2026"),
        Shot("beach", 2, "Suasana pantai Selatbaru menjelang matahari terbenam.",
             "Pantai dan laut saat senja dengan panggung dan pohon kelapa.", HUMAS, camera="sony",
             banner="FESTIVAL PANTAI\nSELATBARU 2026"),
    ),
    "Pengumuman Jadwal Pelayanan Adminduk Keliling Bulan Desember": (
        Shot("poster", 1, "Jadwal pelayanan administrasi kependudukan keliling bulan Desember.",
             "Poster pengumuman pelayanan adminduk keliling berwarna biru dan emas.", "Disdukcapil Bengkalis",
             banner="Pelayanan Adminduk Keliling\ndi 11 Kecamatan\n1 - 20 Desember 2026"),
    ),
    "Sosialisasi Keterbukaan Informasi Publik di Kecamatan Mandau": (
        Shot("hall", 2, "Narasumber menyampaikan materi keterbukaan informasi publik kepada perangkat desa.",
             "Para narasumber duduk di meja panjang di bawah spanduk sosialisasi.", HUMAS, camera="nikon",
             banner="SOSIALISASI KETERBUKAAN\nINFORMASI PUBLIK"),
    ),
    "Wakil Bupati Tinjau Pelaksanaan Imunisasi di Puskesmas Duri": (
        Shot("clinic", 1, "Wakil Bupati Bengkalis meninjau antrean imunisasi di Puskesmas Duri.",
             "Ibu-ibu mengantre di depan gedung puskesmas berwarna putih.", PROKOPIM, banner="PUSKESMAS DURI"),
    ),
    "Rapat Koordinasi Penanganan Banjir Rob di Kecamatan Bantan": (
        Shot("hall", 3, "Rapat koordinasi penanganan banjir rob dipimpin Sekretaris Daerah.",
             "Pejabat duduk di meja rapat di bawah spanduk rapat koordinasi.", HUMAS,
             banner="RAPAT KOORDINASI\nPENANGANAN BANJIR ROB"),
    ),
    "Pasar Murah Jelang Natal dan Tahun Baru Digelar di Enam Kecamatan": (
        Shot("market", 1, "Warga berbelanja kebutuhan pokok di pasar murah Kecamatan Bengkalis.",
             "Warga di antara tenda-tenda pasar murah berisi bahan pokok.", HUMAS, camera="phone",
             banner="PASAR MURAH NATARU"),
    ),
    "Tim Diskominfotik Perluas Jaringan Internet Desa di Pulau Rupat": (
        Shot("tower", 1, "Menara telekomunikasi baru di Pulau Rupat dilihat dari udara.",
             "Menara merah putih di pulau berpohon kelapa, petugas berdiri di tepi laut.", HUMAS, camera="drone"),
    ),
    "Bupati Ajak ASN Sukseskan Gerakan Bengkalis Bersih": (
        Shot("street", 1, "ASN dan warga membersihkan jalan protokol dalam Gerakan Bengkalis Bersih.",
             "Orang-orang berseragam oranye dan kuning di jalan kota.", PROKOPIM, banner="GERAKAN BENGKALIS BERSIH"),
    ),
    "Pengumuman Penutupan Sementara Layanan Tatap Muka Selama Cuti Bersama": (
        Shot("poster", 2, "Pengumuman penutupan sementara layanan tatap muka selama cuti bersama Natal.",
             "Poster pengumuman berwarna biru dan emas berisi tanggal cuti bersama.", HUMAS,
             banner="Layanan tatap muka ditutup\n24 - 26 Desember 2026\nLayanan daring tetap buka"),
    ),
    "Pengumuman Hasil Seleksi Administrasi Tenaga Pendamping Desa Digital": (
        Shot("poster", 3, "Pengumuman hasil seleksi administrasi tenaga pendamping desa digital.",
             "Poster pengumuman hasil seleksi berwarna biru dan emas.", HUMAS,
             banner="Hasil Seleksi Administrasi\nPendamping Desa Digital\nTahun 2026"),
    ),
}  # fmt: skip

VIDEO_ITEM = "Bupati Bengkalis Resmikan Jembatan Penghubung Desa Teluk Lancar"
VIDEO_SHOT = Shot("bridge", 4, "Suasana jembatan penghubung Desa Teluk Lancar dari udara.", "", HUMAS, "drone",
                  banner="DESA TELUK LANCAR")  # fmt: skip

GALLERY_TITLE = "Semarak Festival Pantai Selatbaru 2026"
GALLERY_DESCRIPTION = (
    "Festival Pantai Selatbaru di Kecamatan Bantan menampilkan pertunjukan seni budaya Melayu, bazar UMKM dan "
    "lomba perahu tradisional, dan dikunjungi ribuan warga dari dalam dan luar Kabupaten Bengkalis."
)
GALLERY_PHOTOS = (
    Shot("beach", 11, "Pengunjung memadati area panggung utama pada malam pembukaan festival.",
         "Kerumunan pengunjung di depan panggung festival di tepi pantai.", HUMAS, banner="MALAM PEMBUKAAN"),
    Shot("market", 12, "Bazar UMKM menjajakan kuliner khas Melayu dan kerajinan tangan.",
         "Tenda-tenda bazar berwarna-warni dengan pengunjung.", HUMAS, camera="sony", banner="BAZAR UMKM"),
    Shot("beach", 13, "Pantai Selatbaru saat senja, hari kedua festival.",
         "Pantai dan laut saat matahari terbenam dengan panggung di kejauhan.", HUMAS, camera="nikon",
         banner="FESTIVAL PANTAI SELATBARU"),
    Shot("street", 14, "Pawai budaya peserta festival melintasi jalan menuju pantai.",
         "Barisan peserta pawai berseragam warna-warni di jalan desa.", HUMAS, banner="PAWAI BUDAYA"),
)  # fmt: skip


@contextmanager
def _tasks_in_process() -> Iterator[None]:
    """The media tasks queued inside run at once, in this process: the worker may not be running yet.

    Quietly: two log lines a photo would bury the demo logins that `make run` prints.
    """
    tasks_log = logging.getLogger("django_tasks")
    level = tasks_log.level
    tasks_log.setLevel(logging.WARNING)
    try:
        with override_settings(TASKS=IN_PROCESS):
            yield
    finally:
        tasks_log.setLevel(level)


def _ready_photo(photo: Photo) -> None:
    """If an enclosing transaction holds the after-commit hooks (a test), run the render task now."""
    photo.refresh_from_db()
    if photo.status != Status.READY:
        render_photo.call(photo.pk)


def item_media_add(item: NewsItem, *, actor: User, taken: datetime, say: Callable[[str], None] = print) -> int:
    """The writer's photos (and the video of one item) on a freshly written item; how many files were added."""
    shots = ITEM_PHOTOS.get(item.title, ())
    for number, shot in enumerate(shots):
        moment = taken - timedelta(minutes=40 - 7 * number)
        with _tasks_in_process():
            data = photo_bytes(shot, taken=moment)
            result = services.photo_upload(
                actor=actor, item_id=item.pk, fileobj=io.BytesIO(data), filename=f"IMG_{4100 + shot.seed}.JPG",
                size=len(data),
            )  # fmt: skip
        services.photo_update(
            actor=actor, item_id=item.pk, photo_id=result.photo.pk, caption=shot.caption, credit=shot.credit,
            alt_text=shot.alt,
        )  # fmt: skip
        _ready_photo(result.photo)
    added = len(shots)
    if item.title == VIDEO_ITEM:
        added += _video_add(item, actor=actor, say=say)
    return added


def _video_add(item: NewsItem, *, actor: User, say: Callable[[str], None]) -> int:
    with temp_folder() as folder:
        path = video_file(VIDEO_SHOT, Path(folder))
        if path is None:
            say("ffmpeg is not installed: the demo has no video (make media-tools installs it).")
            return 0
        data = path.read_bytes()
    with _tasks_in_process():
        upload = services.video_upload_begin(actor=actor, item_id=item.pk, filename="DJI_0042.MP4", size=len(data))
        step = 4 * 1024 * 1024
        for offset in range(0, len(data), step):
            services.video_upload_chunk(actor=actor, key=upload.key, offset=offset, data=data[offset : offset + step])
        video = services.video_upload_finish(actor=actor, key=upload.key)
    video.refresh_from_db()
    if video.status != Status.READY:
        process_video.call(video.pk, str(upload.key))
    video.refresh_from_db()
    if video.status != Status.READY:
        # An item with a failed video cannot be published: take it off, as staff would, and say why.
        link = ItemMedia.objects.get(item=item, video=video)
        services.item_media_arrange(actor=actor, item_id=item.pk, link_id=link.pk, action="remove")
        say(f"The demo video could not be processed ({video.error}); the item is published without it.")
        return 0
    services.video_update(
        actor=actor, item_id=item.pk, video_id=video.pk, caption=VIDEO_SHOT.caption, credit=VIDEO_SHOT.credit
    )
    return 1


def create_demo_gallery(office: Office, *, now: datetime | None = None) -> bool:
    """A published gallery of its own, by the publishing role, as of two days ago; False when it exists."""
    if Gallery.objects.filter(office=office, item__isnull=True, title=GALLERY_TITLE).exists():
        return False
    publisher = User.objects.get(office=office, username="adminweb")
    now = now or timezone.now()
    moment = now - timedelta(days=2, hours=3)
    start = timezone.now()
    gallery = services.gallery_details_save(
        actor=publisher, title=GALLERY_TITLE, description=GALLERY_DESCRIPTION,
        event_date=timezone.localdate(moment) - timedelta(days=1), place="Pantai Selatbaru, Kecamatan Bantan",
    )  # fmt: skip
    for shot in GALLERY_PHOTOS:
        with _tasks_in_process():
            data = photo_bytes(shot, taken=moment - timedelta(days=1, hours=6 - shot.seed % 10))
            photo, _duplicate, _added = services.gallery_photo_upload(
                actor=publisher, gallery_id=gallery.pk, fileobj=io.BytesIO(data),
                filename=f"DSC_{7700 + shot.seed}.JPG", size=len(data),
            )  # fmt: skip
        services.gallery_photo_update(
            actor=publisher, gallery_id=gallery.pk, photo_id=photo.pk, caption=shot.caption, credit=shot.credit,
            alt_text=shot.alt,
        )  # fmt: skip
        _ready_photo(photo)
    services.gallery_publish(actor=publisher, gallery_id=gallery.pk, publish=True)
    with transaction.atomic():
        backdate([Window(start=start, end=timezone.now(), moment=moment)])
    return True
