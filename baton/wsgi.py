"""WSGI entry point, for tools that want one; Baton itself is served by daphne (asgi.py)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baton.settings")
application = get_wsgi_application()
