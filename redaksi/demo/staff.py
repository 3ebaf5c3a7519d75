"""Demo staff that look like a regency office's: one login per SOP role and a system administrator."""

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
