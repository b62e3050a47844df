"""The ASGI application, for an ASGI server; production serves the WSGI one (familyhub/wsgi.py).

Settings come from the environment, as for WSGI (README, "Run in production").
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings")

application = get_asgi_application()
