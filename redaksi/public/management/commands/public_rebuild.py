import sys
import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from redaksi.public.render import engine


class Command(BaseCommand):
    help = "Render the whole public site into REDAKSI_PUBLIC_ROOT (after a new theme or a restore)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-progress", action="store_true", help="Print no progress bar.")

    def handle(self, *args, **options):
        started = time.monotonic()
        bar = None if options["quiet_progress"] else ProgressBar(self.stderr, started)
        writer = engine.rebuild(progress=bar)
        if bar:
            bar.finish()
        self.stdout.write(
            _("Public site rebuilt in %(s).1f s: %(w)s files written, %(u)s unchanged, %(r)s removed.")
            % {
                "s": time.monotonic() - started,
                "w": len(writer.written),
                "u": len(writer.unchanged) + len(writer.skipped),
                "r": len(writer.removed),
            }
        )


class ProgressBar:
    WIDTH = 30

    def __init__(self, stream, started: float):
        self.stream, self.started, self.last = stream, started, 0.0
        self.tty = hasattr(stream, "isatty") and stream.isatty() or sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        share = done / total if total else 1.0
        filled = int(share * self.WIDTH)
        remaining = engine.eta(self.started, done, total)
        eta = f"{remaining:.0f} s" if remaining != float("inf") else "?"
        line = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {share:6.1%} {done}/{total} {stage:<8} ETA {eta}"
        self.stream.write(("\r" + line) if self.tty else line + "\n", ending="")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("")
