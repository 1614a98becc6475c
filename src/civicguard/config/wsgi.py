"""The WSGI entry point (`civicguard serve` runs it with waitress)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicguard.config.settings.base")
application = get_wsgi_application()
