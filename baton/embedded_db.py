"""The embedded default database: a Postgres server from the `pgserver` wheel.

Used by settings when DATABASE_URL is not set, so manage.py, daphne and pytest all agree.
The server lives in `.pgdata/` at the repository root; it is started on first use, reused while
another Baton process holds it, and stopped when the last such process exits.
"""

from __future__ import annotations

import logging
import time
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)
# pgserver narrates every start at INFO; processes that configure logging before Django does
# (daphne) would print it all.
logging.getLogger("pgserver").setLevel(logging.WARNING)

PGDATA = Path(__file__).resolve().parent.parent / ".pgdata"

# Seconds the last database_url() call spent starting or attaching to the server.
last_start_seconds: float | None = None


def database_url(pgdata: Path = PGDATA) -> str:
    """Start (or attach to) the embedded server and return its postgresql:// URL."""
    global last_start_seconds
    started = time.monotonic()
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver then uses /tmp, which is fine.
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(pgdata, cleanup_mode="stop")
    last_start_seconds = time.monotonic() - started
    # DEBUG: daphne configures logging at INFO before Django does, and `make run` stays quiet.
    logger.debug("embedded Postgres ready in %.3f s (%s)", last_start_seconds, pgdata)
    return server.get_uri()
