import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django_application = get_wsgi_application()

# Imported once Django is set up: the rendered site's files go out before Django's middleware.
from redaksi.public.fastpath import PublicFiles  # noqa: E402

application = PublicFiles(django_application)
