"""Entry point: `flask --app app run`, `flask --app app routemap validate`, gunicorn app:app."""
import sys

from routemap.loader import ContentError
from routemap.web import create_app

try:
    app = create_app()
except ContentError as error:
    # Refuse to start on invalid content, with the validator's messages and no traceback.
    sys.exit(str(error))
