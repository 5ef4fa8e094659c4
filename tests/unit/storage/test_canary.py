"""Nothing personal reaches the disk unencrypted: a canary citizen leaves no trace in files.

A citizen whose names and street are random per run goes through a whole visit (case,
certificate rendered, printed on the simulated printer, queued). Then every file of the data
directory (open and closed), every file that appeared or changed in the temp directory during
the test, the kit's sealed log (which records an exception naming the citizen), and the
usual log directories are searched for the canary in UTF-8, UTF-16-LE and
UTF-16-BE, in NFC and NFD. The positive controls plant the canary to show the search finds it.

Limits: files created and deleted again during the test are not seen, nor content that was
compressed (e.g. a deflated PDF stream) before it reached a file.
"""

from __future__ import annotations

import io
import logging
import os
import sqlite3
import tempfile
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import platformdirs
import pytest
from pypdf import PdfReader

from koffer.devices.printer.sim import SimPrinter
from koffer.domain.person import Address, Person
from koffer.settings import MunicipalSettings
from koffer.startup import APP_NAME
from koffer.storage import logbook
from koffer.storage.store import KitStore
from koffer.workflows.registration_certificate import RegistrationCertificateService
from tests.conftest import CLERK, PASSPHRASE, TEST_KDF

TODAY = date(2026, 11, 21)
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")
FORMS = ("NFC", "NFD")
CHUNK = 8 * 1024 * 1024

Snapshot = dict[Path, tuple[int, int]]


def _letters() -> str:
    """32 random letters: a name may hold no digits (DIN 91379 Datentyp A)."""
    return uuid.uuid4().hex.translate(str.maketrans("0123456789", "ghijklmnop"))


@dataclass(frozen=True)
class Canary:
    """Random, non-ASCII values for the fields that identify a citizen."""

    given_names: str
    surname: str
    street: str

    @classmethod
    def new(cls) -> Canary:
        return cls(
            given_names=f"Żółć{_letters()}",
            surname=f"Gęślą{_letters()}",
            street=f"Źdźbło{_letters()}",
        )

    @property
    def values(self) -> tuple[str, str, str]:
        return (self.given_names, self.surname, self.street)

    def needles(self) -> dict[bytes, str]:
        """Return every byte pattern to look for, with a label for the report."""
        found: dict[bytes, str] = {}
        for value in self.values:
            for form in FORMS:
                text = unicodedata.normalize(form, value)
                for encoding in ENCODINGS:
                    found[text.encode(encoding)] = f"{value[:6]}… {form} {encoding}"
            # The random part alone also catches single-byte encodings (Latin-1, PDF strings).
            token = value[-32:]
            for encoding in ENCODINGS:
                found[token.encode(encoding)] = f"{token[:8]}… {encoding}"
        return found

    def person(self) -> Person:
        return Person(
            given_names=self.given_names,
            surname=self.surname,
            birth_date=date(1980, 5, 17),
            address=Address(self.street, "1", "45127", "Essen"),
        )


class CanarySearch:
    """Searches files for a canary's byte patterns."""

    def __init__(self, canary: Canary) -> None:
        self.needles = canary.needles()
        self.overlap = max(len(n) for n in self.needles) - 1
        self.searched: list[Path] = []

    def hits(self, paths: Iterable[Path]) -> list[str]:
        """Return ``path: pattern`` for every file holding a pattern."""
        result = []
        for path in paths:
            for label in self._file_hits(path):
                result.append(f"{path}: {label}")
        return result

    def _file_hits(self, path: Path) -> set[str]:
        labels: set[str] = set()
        try:
            for window in _windows(path, self.overlap):
                labels.update(label for needle, label in self.needles.items() if needle in window)
        except (FileNotFoundError, PermissionError, IsADirectoryError):
            return labels  # gone meanwhile or not ours to read (another user's temp file)
        self.searched.append(path)
        return labels


def _windows(path: Path, overlap: int) -> Iterator[bytes]:
    """Yield a file in chunks that overlap, so no pattern falls between two."""
    with path.open("rb") as handle:
        tail = b""
        while chunk := handle.read(CHUNK):
            yield tail + chunk
            tail = chunk[-overlap:]


def files_under(root: Path) -> list[Path]:
    """Return the regular files under ``root`` (not following links)."""
    found = []
    for folder, _dirs, names in os.walk(root, onerror=lambda _error: None):
        for name in names:
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def snapshot(root: Path) -> Snapshot:
    """Return size and modification time of each file under ``root``."""
    result: Snapshot = {}
    for path in files_under(root):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        result[path] = (stat.st_mtime_ns, stat.st_size)
    return result


def changed_since(before: Snapshot, root: Path) -> list[Path]:
    """Return the files under ``root`` that are new or changed since ``before``."""
    after = snapshot(root)
    return [path for path, mark in after.items() if before.get(path) != mark]


def log_files() -> list[Path]:
    """Return the files in the places where Koffer or a library could keep logs."""
    places = {
        Path(platformdirs.user_log_dir(APP_NAME)),
        Path(platformdirs.user_state_dir(APP_NAME)),
        Path(platformdirs.user_cache_dir(APP_NAME)),
    }
    return [path for place in sorted(places) for path in files_under(place)]


def _visit(store: KitStore, canary: Canary) -> bytes:
    """Open, render, print and queue a certificate for the canary; return the printed PDF."""
    service = RegistrationCertificateService(store, MunicipalSettings(name="Essen"))
    opened = service.open_case(canary.person(), TODAY)
    service.render(opened.case_id, TODAY)
    printer = SimPrinter(seconds_per_page=0)  # no out_dir: the paper tray stays in memory
    service.print_certificate(opened.case_id, printer)
    service.queue(opened.case_id)
    ((_title, pdf),) = printer.printed
    return pdf


def _log_an_error_naming(canary: Canary) -> None:
    try:
        raise ValueError(f"cannot print for {canary.person().full_name}, {canary.street}")  # noqa: TRY301
    except ValueError:
        logging.getLogger("koffer.test").exception("printing failed")


def test_no_file_holds_the_citizen_in_plain_text(tmp_path: Path) -> None:
    canary = Canary.new()
    search = CanarySearch(canary)
    temp_root = Path(tempfile.gettempdir())
    temp_before = snapshot(temp_root)
    data_dir = tmp_path / "kit"
    log = logbook.install(data_dir)
    store = KitStore(data_dir, TEST_KDF)
    store.create(CLERK, PASSPHRASE)
    try:
        pdf = _visit(store, canary)
        # The worst a log can get: an error whose message and traceback name the citizen.
        _log_an_error_naming(canary)
        # The canary really went through the workflow: it is in the printed certificate.
        text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert canary.surname in text
        # While the store is open, its WAL and shared-memory files are searched too.
        assert search.hits(files_under(data_dir)) == []
        private_log_key = store.log_private_key()
    finally:
        store.close()
        logbook.uninstall(log)

    # The log did record the canary: it is in the entries once opened with the kit's key.
    opened = [e.message for e in logbook.read_logs(data_dir, private_log_key)]
    assert any(canary.surname in message for message in opened)
    data_files = files_under(tmp_path)
    assert log.path in data_files
    assert data_dir / "kit.db" in data_files
    assert search.hits(data_files) == []
    assert search.hits(changed_since(temp_before, temp_root)) == []
    assert search.hits(log_files()) == []
    assert data_dir / "kit.db" in search.searched


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_positive_control_finds_a_canary_planted_in_the_data_dir(
    tmp_path: Path, form: str, encoding: str
) -> None:
    canary = Canary.new()
    data_dir = tmp_path / "kit"
    data_dir.mkdir()
    leaked = unicodedata.normalize(form, f"Bürger: {canary.street}\n")
    (data_dir / "crash.txt").write_bytes(os.urandom(100) + leaked.encode(encoding))

    hits = CanarySearch(canary).hits(files_under(data_dir))

    assert len(hits) >= 1
    assert any(form in hit and encoding in hit for hit in hits)


def test_positive_control_finds_a_canary_in_an_sqlite_file(tmp_path: Path) -> None:
    canary = Canary.new()
    data_dir = tmp_path / "kit"
    data_dir.mkdir()
    connection = sqlite3.connect(data_dir / "kit.db")
    with connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO person (name) VALUES (?)", (canary.given_names,))
    connection.close()

    assert CanarySearch(canary).hits(files_under(data_dir)) != []


def test_positive_control_finds_a_canary_in_a_new_temp_file(tmp_path: Path) -> None:
    canary = Canary.new()
    temp_root = Path(tempfile.gettempdir())
    before = snapshot(temp_root)
    with tempfile.NamedTemporaryFile(suffix=".log", delete=False) as handle:
        handle.write(canary.surname.encode("utf-16-le"))
    planted = Path(handle.name)
    try:
        hits = CanarySearch(canary).hits(changed_since(before, temp_root))
    finally:
        planted.unlink()

    assert any(hit.startswith(f"{planted}:") for hit in hits)
