"""The WSGI application production serves with gunicorn (Procfile, gunicorn.conf.py).

Settings come from the environment (README, "Run in production"); without DEBUG on, the process
refuses to start until SECRET_KEY and ALLOWED_HOSTS are set.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings")

application = get_wsgi_application()
