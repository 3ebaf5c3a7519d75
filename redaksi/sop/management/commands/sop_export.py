from django.core.management.base import BaseCommand, CommandError

from redaksi.sop.definition import dump_definition
from redaksi.sop.models import SopVersion


class Command(BaseCommand):
    help = "Write an SOP version as a definition file (default: the newest version of each SOP)."

    def add_arguments(self, parser):
        parser.add_argument("--version-id", type=int, help="id of the SOP version to export")
        parser.add_argument("--source", action="store_true", help="the file exactly as it was loaded")

    def handle(self, *args, version_id=None, source=False, **options):
        if version_id is not None:
            version = SopVersion.objects.filter(pk=version_id).first()
            if version is None:
                raise CommandError(f"No SOP version with id {version_id}.")
        else:
            version = SopVersion.objects.order_by("-loaded_at", "-pk").first()
            if version is None:
                raise CommandError("No SOP has been loaded yet.")
        self.stdout.write(version.source if source else dump_definition(version.definition), ending="")
