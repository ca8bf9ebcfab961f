"""Entry point: `flask --app app run`, `flask --app app routemap validate`, gunicorn app:app."""
import sys

from routemap.loader import ContentError
from routemap.usage.store import UsageStoreError
from routemap.web import create_app

try:
    app = create_app()
except (ContentError, UsageStoreError) as error:
    # Refuse to start on invalid content or settings, with a clear message and no traceback.
    sys.exit(str(error))
