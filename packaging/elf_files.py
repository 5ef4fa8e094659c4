"""Lists the ELF files of a virtualenv whose library needs make the package's Depends.

Usage: ``elf_files.py SITE_PACKAGES SKIP_FILE``. Prints one absolute path per line, sorted;
files matching a glob pattern of SKIP_FILE (relative to SITE_PACKAGES; ``#`` starts a
comment) are left out.
"""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

ELF_MAGIC = b"\x7fELF"


def skip_patterns(path: Path) -> list[str]:
    """The glob patterns of the skip file, without comments and blank lines."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def elf_files(site_packages: Path, patterns: list[str]) -> list[Path]:
    """Every regular ELF file under ``site_packages`` that no pattern matches."""
    found = []
    for path in site_packages.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(site_packages).as_posix()
        if any(fnmatch.fnmatchcase(relative, pattern) for pattern in patterns):
            continue
        with path.open("rb") as handle:
            if handle.read(4) == ELF_MAGIC:
                found.append(path)
    return sorted(found)


def main() -> None:
    """Print the ELF files to scan."""
    site_packages, skip_file = Path(sys.argv[1]), Path(sys.argv[2])
    for path in elf_files(site_packages, skip_patterns(skip_file)):
        sys.stdout.write(f"{path}\n")


if __name__ == "__main__":
    main()
