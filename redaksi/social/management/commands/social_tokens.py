from django.core.management.base import BaseCommand

from redaksi.social.sending import tokens_check


class Command(BaseCommand):
    help = "Ask the networks when each account's token ends; warn the administrators a week ahead, once a week."

    def handle(self, *args, **options):
        warned = tokens_check()
        self.stdout.write(f"warned {warned}")
