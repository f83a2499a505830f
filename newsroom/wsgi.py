"""The WSGI application gunicorn serves: Django behind the reader page cache's front
door (core/page_cache.py), which answers cached pages before Django runs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django_application = get_wsgi_application()

from core.page_cache import PageCacheApplication  # noqa: E402 - needs settings configured
from newsroom.middleware import incoming_request_id  # noqa: E402

application = PageCacheApplication(django_application, request_id=incoming_request_id)
