"""A longer run of the town hall's API fuzz tests: ``python -m tests.stress.sync_api_fuzz``.

Runs ``tests/integration/test_townhall_api_fuzz.py`` with more examples per operation and
more sealed packets than CI does, optionally against PostgreSQL (``--db``; a fresh database
is best, the run leaves its kits and cases behind).
"""

from __future__ import annotations

import argparse
import os
import sys

import pytest

TESTS = "tests/integration/test_townhall_api_fuzz.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300, help="per operation and mode")
    parser.add_argument("--packets", type=int, default=1000, help="sealed packets")
    parser.add_argument("--db", default="", help="town-hall database URL (default: SQLite)")
    args = parser.parse_args(argv)
    os.environ["KOFFER_TEST_FUZZ_EXAMPLES"] = str(args.examples)
    os.environ["KOFFER_TEST_FUZZ_PACKETS"] = str(args.packets)
    os.environ["KOFFER_TEST_FUZZ_DB"] = args.db
    return int(pytest.main([TESTS, "-q", "-p", "no:cacheprovider", "-o", "timeout=0"]))


if __name__ == "__main__":
    sys.exit(main())
