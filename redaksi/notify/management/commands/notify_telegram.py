from django.core.management.base import BaseCommand

from redaksi.notify.telegram_link import telegram_poll
from redaksi.notify.telegram_send import telegram_flush, telegram_withdraw


class Command(BaseCommand):
    help = (
        "Telegram for approvals (a periodic job): read the bots' updates (links by /start code), send the due "
        "approval notices, and edit the notices whose link no longer works."
    )

    def handle(self, *args, **options):
        polled = telegram_poll()
        sent, waiting = telegram_flush()
        withdrawn = telegram_withdraw()
        self.stdout.write(
            f"updates {sum(polled.values())} from {len(polled)} bot(s), sent {sent}, waiting {waiting}, "
            f"withdrawn {withdrawn}"
        )
