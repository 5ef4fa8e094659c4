"""Prints the Python distributions of a virtualenv with the licence each one declares.

Run with the virtualenv's own interpreter; the packaging appends the list to the copyright
file, so that the licences of everything in /opt/koffer are named in one place.
"""

from __future__ import annotations

import sys
from email.message import Message
from importlib import metadata
from typing import cast

CLASSIFIER = "License :: OSI Approved :: "


def declared_licence(meta: Message) -> str:
    """The licence a distribution declares: its SPDX expression, classifiers or free text."""
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    classifiers = [
        value.removeprefix(CLASSIFIER).removeprefix("License :: ")
        for value in meta.get_all("Classifier") or []
        if value.startswith("License :: ")
    ]
    if classifiers:
        return "; ".join(classifiers)
    text = str(meta.get("License") or "").strip().splitlines()
    return text[0][:70] if text else "see its dist-info directory"


def main() -> None:
    """Print one line per distribution, sorted by name."""
    rows = sorted(
        (dist.metadata["Name"], dist.version, declared_licence(cast(Message, dist.metadata)))
        for dist in metadata.distributions()
    )
    width = max(len(name) for name, _, _ in rows)
    sys.stdout.write("Python distributions in /opt/koffer:\n")
    for name, version, licence in rows:
        sys.stdout.write(f" {name:<{width}}  {version:<12} {licence}\n")


if __name__ == "__main__":
    main()
