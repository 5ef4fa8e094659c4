"""The town hall's OpenAPI document, without a database or a running server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine

from koffer import crypto
from koffer.sync.townhall.app import create_app


def openapi_document() -> dict[str, Any]:
    """Return the OpenAPI document the service serves at ``/openapi.json``."""
    # The routes do not depend on the key or the database: a throwaway key and an
    # in-memory engine (never connected) build the same document.
    engine = create_engine("sqlite://")
    try:
        return create_app(engine, crypto.new_townhall_key(), "").openapi()
    finally:
        engine.dispose()


def write(path: Path) -> None:
    """Write the OpenAPI document as JSON (UTF-8, sorted keys, stable for diffs)."""
    text = json.dumps(openapi_document(), indent=2, sort_keys=True, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
