"""The clerk's app: cold start to a usable unlock screen, and memory after a visit of 10 cases.

Both are measured in fresh Python processes next to a bare PySide6 window in the same run:

- cold start: from spawning the process until the window is exposed and the unlock form
  takes the passphrase, started as ``koffer gui`` starts (settings from the environment, the
  kit built on the store worker's thread), against a process that shows one empty
  ``QWidget``. Targets: at most 2x the bare window and at most 1.5 s. Printed beside it: when
  the store worker had opened (and migrated) the store and found the clerk; a passphrase
  submitted before then waits in the worker's queue.
- memory: resident set size after unlocking and issuing 10 registration certificates through
  the real dialog (simulated card terminal and printer, embedded town hall, background
  sync), against the bare window's. Target: at most 300 MB.
- workspace loading: the window loads what the unlocked workspace needs (devices, workflows,
  dialogs) on a worker thread while the clerk types; the longest the GUI thread stalls from
  showing the window until the workspace is built, against building it on the GUI thread
  right after the unlock screen is ready (no target: it shows why the loader is worth it).

Run alone: ``python bench/ui.py`` (uses ``QT_QPA_PLATFORM``, offscreen when unset).
"""

from __future__ import annotations

import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
VISIT_CASES = 10
CLERK = "bench"
PASSPHRASE = "bench-passphrase-1"  # noqa: S105 - a throw-away kit
START_TARGET_S = 1.5
START_TARGET_RATIO = 2.0
MEMORY_TARGET_MB = 300.0
LOAD_RUNS = 3
TICK_MS = 5
CHILD_TIMEOUT_S = 600


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _ready(payload: dict[str, float]) -> None:
    print(json.dumps(payload), flush=True)


# --- children ---------------------------------------------------------------------------


def child_bare() -> None:
    """Show one empty window, report once it has been painted."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1100, 700)
    window.show()
    QTimer.singleShot(0, app.quit)  # runs after the first paint events
    app.exec()
    _ready({"rss_mb": _rss_mb()})


def _settings(data_dir: Path) -> object:
    from koffer.settings import DeviceSettings, KofferSettings, SyncSettings

    return KofferSettings(data_dir=data_dir, devices=DeviceSettings(), sync=SyncSettings())


def child_app(data_dir: Path, spawned: float) -> None:
    """Start the clerk's app as ``koffer gui`` does on an enrolled kit.

    Reports the seconds since ``spawned`` (the parent's clock) until the unlock form takes
    input, and until the store worker has opened the store and found the clerk.
    """
    os.environ["KOFFER_DATA_DIR"] = str(data_dir)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from koffer.app import kit_start
    from koffer.ui.application import run
    from koffer.ui.main_window import MainWindow
    from koffer.ui.unlock import UnlockMode

    seen: dict[str, float] = {}

    def check() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if windows:
            window = windows[0]
            page = window.unlock_page
            handle = window.windowHandle()
            painted = handle is not None and handle.isExposed()
            usable = painted and page.mode is UnlockMode.UNLOCK and page.passphrase.isEnabled()
            if usable and "usable" not in seen:
                seen["usable"] = time.time() - spawned
            if not seen.get("connected"):
                seen["connected"] = 1.0

                def store_open(_known: bool) -> None:
                    seen.setdefault("store_open", time.time() - spawned)

                # Direct connection: runs on the store thread as the answer is sent.
                window.store_worker.status_known.connect(store_open)
            if "usable" in seen and "store_open" in seen:
                _ready({**seen, "rss_mb": _rss_mb()})
                window.close()
                return
        QTimer.singleShot(1, check)

    QTimer.singleShot(0, check)
    run(kit_start())


def child_visit(data_dir: Path) -> None:
    """Unlock and issue ``VISIT_CASES`` certificates through the dialog; report the RSS."""
    from datetime import date

    from PySide6.QtCore import QDate

    from koffer.app import build_kit
    from koffer.domain.person import Address, Person
    from koffer.ui.application import application
    from koffer.ui.certificate_dialog import CertificateDialog
    from koffer.ui.garbage import GuiThreadCollector
    from koffer.ui.main_window import MainWindow
    from koffer.ui.screenshots import wait_until
    from koffer.ui.unlock import UnlockMode

    app = application()
    collector = GuiThreadCollector()
    collector.start()
    kit = build_kit(_settings(data_dir))  # type: ignore[arg-type]
    window = MainWindow(kit)
    window.show()
    page = window.unlock_page
    wait_until(app, lambda: page.mode is UnlockMode.UNLOCK, "the unlock form")
    page.login.setText(CLERK)
    page.passphrase.setText(PASSPHRASE)
    page.submit()
    wait_until(app, lambda: window.unlocked, "unlocking")
    for number in range(VISIT_CASES):
        dialog = window.new_certificate()
        if not isinstance(dialog, CertificateDialog):
            msg = "the certificate dialog did not open"
            raise TypeError(msg)
        person = Person(
            "Anna",
            f"Beispiel-{chr(ord('A') + number)}",
            date(1941, 3, 1 + number),  # not the form's default date
            Address("Lindenstraße", str(number + 1), "45127", "Essen"),
        )
        dialog.given_names.setText(person.given_names)
        dialog.surname.setText(person.surname)
        dialog.birth_date.setDate(QDate(person.birth_date))
        dialog.street.setText(person.address.street)
        dialog.house_number.setText(person.address.house_number)
        dialog.postcode.setText(person.address.postcode)
        dialog.city.setText(person.address.city)
        issued: list[str] = []
        dialog.issued.connect(lambda _case, ref, issued=issued: issued.append(ref))
        dialog.issue()
        wait_until(app, lambda issued=issued: bool(issued), f"certificate {number + 1}")
        dialog.accept()
        wait_until(app, lambda: window.certificate_dialog is None, "the dialog to close")
    wait_until(app, lambda: window.model.rowCount() == VISIT_CASES, "the case list")
    wait_until(app, lambda: not window.syncing, "the synchronisation")
    _ready({"rss_mb": _rss_mb()})
    window.shutdown()
    kit.close()
    collector.stop()


def child_load(data_dir: Path, where: str) -> None:
    """Show the unlock screen; report the longest GUI stall until the workspace is built.

    ``where`` is ``background`` (the window's module loader) or ``gui`` (the workspace built
    on the GUI thread as soon as the unlock screen is ready).
    """
    from PySide6.QtCore import QTimer

    from koffer.app import build_kit
    from koffer.ui.application import application
    from koffer.ui.main_window import MainWindow

    if where == "gui":
        MainWindow._load_workspace_modules = MainWindow.build_workspace  # type: ignore[method-assign]
    app = application()
    kit = build_kit(_settings(data_dir))  # type: ignore[arg-type]
    window = MainWindow(kit)
    stalls = {"last": time.perf_counter(), "max": 0.0}

    def tick() -> None:
        now = time.perf_counter()
        stalls["max"] = max(stalls["max"], now - stalls["last"])
        stalls["last"] = now

    ticker = QTimer()
    ticker.setInterval(TICK_MS)
    ticker.timeout.connect(tick)
    ticker.start()
    window.workspace_built.connect(lambda: QTimer.singleShot(200, app.quit))
    window.show()
    app.exec()
    _ready({"rss_mb": _rss_mb(), "stall_ms": stalls["max"] * 1000})
    window.shutdown()
    kit.close()


# --- parent -----------------------------------------------------------------------------


def _spawn(kind: str, data_dir: Path | None = None, *extra: str) -> tuple[float, dict[str, float]]:
    """Run a child; return the seconds until it reported, and its report."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    command = [sys.executable, __file__, "--child", kind]
    if data_dir is not None:
        command.append(str(data_dir))
    command.extend(extra)
    if kind == "app":
        command.append(repr(time.time()))
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None  # noqa: S101 - PIPE was asked for
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    _out, err = process.communicate(timeout=CHILD_TIMEOUT_S)
    if not line:
        msg = f"{kind} child failed: {err[-2000:]}"
        raise RuntimeError(msg)
    return elapsed, json.loads(line)


def _enrolled_kit(data_dir: Path) -> None:
    from koffer.app import build_store

    store = build_store(_settings(data_dir))  # type: ignore[arg-type]
    try:
        store.create(CLERK, PASSPHRASE)
    finally:
        store.close()


def run() -> list[tuple[str, str, float, str, float, str]]:
    """Measure both figures; one row each for bench/run.py."""
    # An installed kit has its bytecode compiled; a checkout may not (PYTHONDONTWRITEBYTECODE).
    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "koffer"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="koffer-bench-ui-") as tmp:
        kit_dir = Path(tmp) / "kit"
        _enrolled_kit(kit_dir)
        _spawn("bare")  # warm the page cache for both alike
        _spawn("app", kit_dir)
        bare, app = [], []
        for _ in range(RUNS):  # interleaved: both see the same machine load
            bare.append(_spawn("bare"))
            app.append(_spawn("app", kit_dir))
        loaded, on_gui = [], []
        for _ in range(LOAD_RUNS):
            loaded.append(_spawn("load", kit_dir, "background")[1]["stall_ms"])
            on_gui.append(_spawn("load", kit_dir, "gui")[1]["stall_ms"])
        visit_dir = Path(tmp) / "visit"
        _enrolled_kit(visit_dir)
        visit_rss = _spawn("visit", visit_dir)[1]["rss_mb"]
    bare_s = statistics.median(t for t, _ in bare)
    app_s = statistics.median(report["usable"] for _, report in app)
    store_s = statistics.median(report["store_open"] for _, report in app)
    bare_rss = statistics.median(report["rss_mb"] for _, report in bare)
    start = ("ui: cold start to unlock form", "koffer window, unlock ready", app_s)
    memory = ("ui: RSS after 10 cases", "koffer after 10 certificates", visit_rss)
    stall = ("ui: GUI stall, workspace loading", "loaded on a worker thread")
    store = ("ui: cold start to open store", "koffer store open, clerk known", store_s)
    return [
        (*start, "bare PySide6 window", bare_s, "s"),
        (*store, "bare PySide6 window", bare_s, "s"),
        (*memory, "bare PySide6 window", bare_rss, "MB"),
        (
            *stall,
            statistics.median(loaded),
            "built on the GUI thread",
            statistics.median(on_gui),
            "ms",
        ),
    ]


def main() -> int:
    """Print the figures with their targets."""
    rows = run()
    (_, _, app_s, _, bare_s, _), store, (_, _, rss, _, bare_rss, _), stall = rows
    ratio = app_s / bare_s
    seconds_met = "met" if app_s <= START_TARGET_S else "NOT met"
    ratio_met = "met" if ratio <= START_TARGET_RATIO else "NOT met"
    print(
        f"cold start to a usable unlock screen: {app_s:.3f} s (median of {RUNS}), "
        f"bare PySide6 window {bare_s:.3f} s, ratio {ratio:.2f}x "
        f"(target <= {START_TARGET_S:.1f} s: {seconds_met}; "
        f"target <= {START_TARGET_RATIO:.1f}x: {ratio_met})"
    )
    print(
        f"  the store worker had opened the store and found the clerk after {store[2]:.3f} s "
        "(a passphrase entered before that waits in its queue)"
    )
    print(
        f"resident memory after a visit of {VISIT_CASES} cases: {rss:.0f} MB, "
        f"bare PySide6 window {bare_rss:.0f} MB "
        f"(target <= {MEMORY_TARGET_MB:.0f} MB: {'met' if rss <= MEMORY_TARGET_MB else 'NOT met'})"
    )
    print(
        f"longest GUI-thread stall until the workspace is built: {stall[2]:.0f} ms with the "
        f"workspace loaded on a worker thread, {stall[4]:.0f} ms when built on the GUI thread "
        f"(median of {LOAD_RUNS})"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        kind = sys.argv[2]
        if kind == "bare":
            child_bare()
        elif kind == "app":
            child_app(Path(sys.argv[3]), float(sys.argv[4]))
        elif kind == "load":
            child_load(Path(sys.argv[3]), sys.argv[4])
        else:
            child_visit(Path(sys.argv[3]))
        sys.exit(0)
    sys.exit(main())
