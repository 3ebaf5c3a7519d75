import signal
import threading

from django.core.management.base import BaseCommand

from redaksi.notify.inbound import make_controller


class Command(BaseCommand):
    help = "Receive approval replies by SMTP (the office mail server forwards approval+…@ to this endpoint)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2525)

    def handle(self, *args, host: str, port: int, **options):
        controller = make_controller(host, port)
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        controller.start()
        self.stdout.write(f"listening on {host}:{port}")
        try:
            stop.wait()
        finally:
            controller.stop()
