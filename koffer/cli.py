"""The ``koffer`` command: gui, demo, doctor, audit, townhall."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from koffer import __version__

if TYPE_CHECKING:
    # ``koffer gui`` shows its unlock screen before the settings are validated and the
    # store is opened: the commands import what they need themselves.
    from uvicorn import Server

    from koffer.settings import KofferSettings

TRAINING_PASSPHRASE = "koffer-training"  # noqa: S105 - the demo's published passphrase


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="koffer", description="Bürgerkoffer field kit")
    parser.add_argument("--version", action="version", version=f"koffer {__version__}")
    commands = parser.add_subparsers(dest="command")

    commands.add_parser("gui", help="start the clerk's desktop app (the default)")

    demo = commands.add_parser("demo", help="one visit end to end, printed step by step")
    demo.add_argument(
        "--data-dir",
        type=Path,
        help="kit store directory (default: a demo store next to the real one)",
    )
    demo.add_argument("--citizen", default="Erika Mustermann", help='"GIVEN SURNAME"')
    demo.add_argument(
        "--service",
        choices=["registration_certificate", "id_card"],
        default="registration_certificate",
        help="which visit: a registration certificate, or an ID-card application",
    )
    demo.add_argument("--townhall", default="", help="town-hall URL (default: embedded)")
    demo.add_argument("--printer", choices=["sim", "cups"], default="sim")
    demo.add_argument("--queue", default="", help="CUPS queue (default: the default queue)")
    demo.add_argument("--out", type=Path, help="directory for the simulated printer's PDFs")

    shots = commands.add_parser("screenshots", help="save screenshots of one visit (docs)")
    shots.add_argument("outdir", nargs="?", type=Path, default=Path("docs"))

    doctor = commands.add_parser("doctor", help="kit check: devices, store, queue, disk")
    doctor.add_argument("--printer", choices=["sim", "cups"])
    doctor.add_argument("--data-dir", type=Path)
    doctor.add_argument("--json", action="store_true", help="machine-readable output")

    audit = commands.add_parser("audit", help="audit log tools")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_commands.add_parser("verify", help="check the audit hash chain")
    verify.add_argument("--data-dir", type=Path)

    _add_kit_store_commands(commands)
    photo = commands.add_parser("photo", help="biometric photo check (ICAO / TR-03121)")
    photo_commands = photo.add_subparsers(dest="photo_command", required=True)
    photo_check = photo_commands.add_parser("check", help="check a photo file")
    photo_check.add_argument("file", type=Path)
    photo_check.add_argument("--json", action="store_true")
    photo_check.add_argument("--child", action="store_true", help="the citizen is under 10")
    finger = commands.add_parser("fingerprint", help="fingerprint tools")
    finger_commands = finger.add_subparsers(dest="fingerprint_command", required=True)
    quality = finger_commands.add_parser("quality", help="quality score (0-100) of an image")
    quality.add_argument("file", type=Path)
    quality.add_argument("--json", action="store_true")
    quality.add_argument("--dpi", type=int, default=500)

    sim = commands.add_parser("sim", help="simulated devices for testers and training")
    sim_commands = sim.add_subparsers(dest="sim_command", required=True)
    sim_run = sim_commands.add_parser("run", help="run a scenario file headless")
    sim_run.add_argument(
        "scenario", nargs="+", help="scenario file(s), or 'all' for the shipped ones"
    )
    sim_run.add_argument("--json", action="store_true", help="machine-readable report")

    _townhall_parser(commands)
    return parser


def _townhall_parser(commands: Any) -> None:
    townhall = commands.add_parser("townhall", help="the town hall's receiving service")
    townhall_commands = townhall.add_subparsers(dest="townhall_command", required=True)
    serve = townhall_commands.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--db", default="", help="SQLAlchemy URL (default: SQLite in data dir)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8470)
    serve.add_argument("--data-dir", type=Path, default=Path("townhall-data"))
    serve.add_argument("--enrolment-token", default=os.environ.get("KOFFER_ENROLMENT_TOKEN", ""))
    serve.add_argument("--admin-token", default=os.environ.get("KOFFER_ADMIN_TOKEN", ""))
    serve.add_argument("--smtp-host", default="", help="mail server for citizen notifications")
    serve.add_argument("--smtp-port", type=int, default=587)
    serve.add_argument("--smtp-sender", default="")
    serve.add_argument("--smtp-no-starttls", action="store_true")
    # --- town hall: mutual TLS ---
    serve.add_argument("--tls-dir", type=Path, help="serve HTTPS with mutual TLS (townhall init)")
    serve.add_argument("--kit-cert-days", type=int, default=365, help="kit certificate validity")
    serve.add_argument(
        "--workers", type=_positive, default=1, help="processes serving the port (stateless)"
    )
    init = townhall_commands.add_parser("init", help="create the CA and server certificate")
    init.add_argument("--dir", type=Path, default=Path("townhall-data"))
    init.add_argument("--host", action="append", help="server name or address (repeatable)")
    spec = townhall_commands.add_parser("openapi", help="write the OpenAPI document")
    spec.add_argument("--out", type=Path, default=Path("townhall-openapi.json"))


def _add_kit_store_commands(commands: Any) -> None:
    """The operator commands on a kit's store: logs, wipe, deliver, recover."""
    logs = commands.add_parser("logs", help="show the sealed logs (asks for a passphrase)")
    logs.add_argument("--data-dir", type=Path)
    logs.add_argument("--login", default="", help="clerk login (default: asked)")

    wipe = commands.add_parser("wipe", help="destroy every key and all data of this kit")
    wipe.add_argument("--data-dir", type=Path)
    wipe.add_argument("--yes", action="store_true", help="really wipe (no question asked)")

    deliver = commands.add_parser(
        "deliver", help="hand sealed applications to the town hall (no passphrase needed)"
    )
    deliver.add_argument(
        "--watch", action="store_true", help="keep delivering until stopped (the user service)"
    )
    deliver.add_argument("--data-dir", type=Path, default=None)
    recover = commands.add_parser(
        "recover", help="new passphrase for a clerk, with the town hall's escrow key"
    )
    recover.add_argument("--data-dir", type=Path)
    recover.add_argument(
        "--townhall-key", type=Path, required=True, help="the town hall's private key (JWK file)"
    )
    recover.add_argument("--login", required=True, help="clerk who gets the new passphrase")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``koffer`` command and return its exit status."""
    args = _parser().parse_args(argv)
    if args.command in {None, "gui"}:
        return _gui()
    from koffer import kit_commands
    from koffer.domain.errors import KofferError
    from koffer.domain.messages import describe
    from koffer.settings import KofferSettings

    settings = KofferSettings()
    commands: dict[str | None, Callable[[KofferSettings, argparse.Namespace], int]] = {
        "demo": _demo,
        "screenshots": _screenshots,
        "doctor": lambda s, a: _doctor(_with_data_dir(s, a), a.printer, as_json=a.json),
        "audit": lambda s, a: _audit_verify(s, a.data_dir),
        "logs": lambda s, a: kit_commands.show_logs(_with_data_dir(s, a), a.login),
        "wipe": lambda s, a: kit_commands.wipe(_with_data_dir(s, a), confirmed=a.yes),
        "deliver": lambda s, a: kit_commands.deliver(_with_data_dir(s, a), watch=a.watch),
        "recover": lambda s, a: kit_commands.recover(_with_data_dir(s, a), a.townhall_key, a.login),
        "townhall": lambda _s, a: _townhall_serve(a),
        "sim": lambda s, a: _sim_run(a.scenario, s.language, as_json=a.json),
        "photo": lambda s, a: _photo_check(a.file, s.language, as_json=a.json, child=a.child),
        "fingerprint": lambda s, a: _fingerprint_quality(a.file, s.language, a.dpi, a.json),
    }
    try:
        return commands[args.command](settings, args)
    except KofferError as exc:
        print(describe(exc, settings.language), file=sys.stderr)
        return 1


def _with_data_dir(settings: KofferSettings, args: argparse.Namespace) -> KofferSettings:
    if args.data_dir is None:
        return settings
    return settings.model_copy(update={"data_dir": args.data_dir})


def _demo(settings: KofferSettings, args: argparse.Namespace) -> int:
    from koffer.demo import run_demo

    return run_demo(settings, _demo_options(args), _passphrase())


def _screenshots(_settings: KofferSettings, args: argparse.Namespace) -> int:
    from koffer.app import take_screenshots

    return take_screenshots(args.outdir)


def _demo_options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "data_dir": args.data_dir,
        "citizen": args.citizen,
        "service": args.service,
        "townhall": args.townhall,
        "printer": args.printer,
        "queue": args.queue,
        "out": args.out,
    }


def _passphrase() -> str:
    """The demo's passphrase: $KOFFER_PASSPHRASE, a prompt on a terminal, else training."""
    if os.environ.get("KOFFER_PASSPHRASE"):
        return os.environ["KOFFER_PASSPHRASE"]
    if sys.stdin.isatty():
        return getpass.getpass("Passphrase for the demo kit store: ")
    print(f"No terminal: using the training passphrase '{TRAINING_PASSPHRASE}'.")
    return TRAINING_PASSPHRASE


def _gui() -> int:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and (
        os.environ.get("QT_QPA_PLATFORM", "") not in {"offscreen", "minimal"}
    ):
        print("No display found (DISPLAY is not set): running the headless demo instead.")
        from koffer.demo import run_demo
        from koffer.settings import KofferSettings

        return run_demo(KofferSettings(), {}, _passphrase())
    from koffer.app import kit_start
    from koffer.ui.application import run

    # The unlock screen first; the kit (settings validated, sealed log, store) is built on
    # the store worker's thread while the clerk types.
    return run(kit_start())


def _doctor(settings: KofferSettings, printer: str | None, *, as_json: bool) -> int:
    from koffer.kit_check import check_kit

    if printer:
        devices = settings.devices.model_copy(update={"printer": printer})
        settings = settings.model_copy(update={"devices": devices})
    report = check_kit(settings)
    if as_json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        for finding in report.findings:
            mark = "ok " if finding.ready else "NOT"
            print(f"{mark} {finding.name:<24} {finding.detail}")
        print("ready to leave" if report.ready else "NOT ready to leave")
    return 0 if report.ready else 1


def _audit_verify(settings: KofferSettings, data_dir: Path | None) -> int:
    from koffer.storage.verify import verify_audit_chain

    directory = data_dir or settings.data_dir
    broken, count = verify_audit_chain(directory)
    if broken is None:
        print(f"audit chain intact: {count} entries")
        return 0
    print(f"audit chain broken at entry {broken}", file=sys.stderr)
    return 2


def _read(path: Path) -> bytes:
    from koffer.domain.errors import ValidationError

    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError("file", "error.validation", detail=f"{path}: {exc.strerror}") from exc


def _photo_check(path: Path, language: str, *, as_json: bool, child: bool) -> int:
    from koffer.biometrics import reports

    report = reports.photo_json(reports.photo_report(_read(path), child_under_10=child), language)
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for check in report["checks"]:
            mark = "ok  " if check["passed"] else "FAIL"
            value = "—" if check["value"] is None else f"{check['value']:.3g}"
            print(f"{mark} {check['name']:<24} {value:>8}  {check['reason']}")
        print("passed" if report["passed"] else "NOT passed")
    return 0 if report["passed"] else 1


def _fingerprint_quality(path: Path, language: str, dpi: int, as_json: bool) -> int:
    from koffer.biometrics import reports

    quality = reports.fingerprint_report(_read(path), dpi)
    report = reports.fingerprint_json(quality, language)
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(f"score {quality.score}" + (f" ({report['reason']})" if report["reason"] else ""))
        for name, value in quality.features.items():
            print(f"  {name:<28} {value:.3f}")
    return 0 if quality.computed else 2


def _sim_run(names: list[str], language: str, *, as_json: bool) -> int:
    from koffer import sim_run

    paths = sim_run.shipped_scenarios() if names == ["all"] else [Path(n) for n in names]
    reports = [sim_run.run(path, language) for path in paths]
    if as_json:
        print(json.dumps([r.to_json() for r in reports], indent=2, ensure_ascii=False))
    for report in [] if as_json else reports:
        print(f"{'PASS' if report.passed else 'FAIL'} {report.scenario}")
        for outcome in report.outcomes:
            if outcome.outcome != "ok":
                print(f"  citizen {outcome.citizen} {outcome.step}: {outcome.message}"
                      f" -> {outcome.remedy}")  # fmt: skip
        for kind, operations in report.devices.items():
            print(f"  {kind}: {', '.join(operations)}")
        for failure in report.failures:
            print(f"  UNMET: {failure}")
    return 0 if all(r.passed for r in reports) else 1


def _townhall_serve(args: argparse.Namespace) -> int:
    if args.townhall_command == "openapi":
        from koffer.sync.townhall import openapi

        openapi.write(args.out)
        print(f"OpenAPI document written to {args.out}")
        return 0
    if args.townhall_command == "init":
        from koffer.sync.townhall import provision

        print("\n".join(provision.init(args.dir, args.host or ("127.0.0.1", "localhost"))))
        return 0
    from koffer.sync import pki
    from koffer.sync.townhall import keys, migrate, workers
    from koffer.sync.townhall.notify import SmtpNotifier, SmtpSettings
    from koffer.sync.townhall.server import build_server, open_database

    if not args.enrolment_token:
        print("--enrolment-token (or KOFFER_ENROLMENT_TOKEN) is required", file=sys.stderr)
        return 2
    data_dir: Path = args.data_dir
    db_url = args.db or f"sqlite:///{data_dir.resolve() / 'townhall.db'}"
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    notifier = None
    if args.smtp_host:
        notifier = SmtpNotifier(
            SmtpSettings.from_env(
                args.smtp_host,
                args.smtp_port,
                args.smtp_sender,
                starttls=not args.smtp_no_starttls,
            )
        )

    def build() -> Server:
        return build_server(
            db_url,
            data_dir,
            args.enrolment_token,
            args.host,
            args.port,
            admin_token=args.admin_token,
            notifier=notifier,
            tls_dir=args.tls_dir,
            kit_certificate_days=args.kit_cert_days,
        )

    try:
        if args.workers == 1:
            build().run()
            return 0
        # Migrations, the key pair and the CA are settled once, before the fork.
        open_database(db_url).dispose()
        keys.load_or_create(data_dir)
        if args.tls_dir is not None:
            pki.Authority.load(args.tls_dir)
        sock = workers.listening_socket(args.host, args.port)
    except (migrate.ForeignDatabase, ValueError, OSError) as exc:
        print(f"town hall not started: {exc}", file=sys.stderr)
        return 2
    return workers.run(build, sock, args.workers)


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text} is not at least 1")
    return number


def today() -> date:
    """Today's date (a seam for tests)."""
    return date.today()  # noqa: DTZ011 - the clerk's local date is the legal date
