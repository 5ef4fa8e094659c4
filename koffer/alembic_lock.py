"""One Alembic run at a time in this process.

Alembic keeps its migration context in module-level proxies (``alembic.op``,
``alembic.context``). Two migrations in two threads of one process — the kit store's and
the embedded town hall's, say — would overwrite each other's context. Every Alembic command
Koffer runs holds this lock.
"""

from __future__ import annotations

import threading

ALEMBIC_LOCK = threading.RLock()
