"""The Debian packaging's own files agree with the program they install (packaging/).

Static and fast: the units, udev rules, desktop entry, tmpfiles line and maintainer scripts
are read and checked against the CLI, the settings and the kit documentation. Building and
installing the packages is ``make package-check``.
"""

from __future__ import annotations

import argparse
import fnmatch
import importlib.util
import re
import shlex
import subprocess
import xml.etree.ElementTree as ET
from email.message import Message
from pathlib import Path
from types import ModuleType

import pytest

from koffer.cli import _parser
from koffer.devices.usb import UsbId
from koffer.settings import default_data_dir

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
KIT = PACKAGING / "koffer"
TOWNHALL = PACKAGING / "koffer-townhall"


def unit_entries(path: Path) -> dict[str, list[str]]:
    """``Section.Key`` -> values of a systemd unit file (continuation lines joined)."""
    text = path.read_text().replace("\\\n", " ")
    entries: dict[str, list[str]] = {}
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        entries.setdefault(f"{section}.{key}", []).append(value.strip())
    return entries


def exec_start(path: Path) -> list[str]:
    [command] = unit_entries(path)["Service.ExecStart"]
    return shlex.split(command)


def parses(argv: list[str]) -> bool:
    try:
        _parser().parse_args(argv)
    except SystemExit:
        return False
    return True


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def env_file() -> dict[str, str]:
    lines = (TOWNHALL / "townhall.env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


# --- town hall unit ---------------------------------------------------------------------


def test_townhall_unit_runs_serve_with_options_the_cli_has() -> None:
    argv = exec_start(TOWNHALL / "koffer-townhall.service")
    assert argv[:3] == ["/usr/bin/koffer", "townhall", "serve"]
    # As systemd passes them: each ${VARIABLE} one argument, the value the shipped file holds.
    shipped = env_file()
    filled = [re.sub(r"^\$\{(\w+)\}$", lambda m: shipped[m[1]], a) for a in argv[1:]]
    assert parses(filled)


def test_townhall_unit_variables_are_all_in_the_env_file() -> None:
    argv = exec_start(TOWNHALL / "koffer-townhall.service")
    used = {m[1] for a in argv if (m := re.fullmatch(r"\$\{(\w+)\}", a))}
    assert used
    assert used <= env_file().keys()
    # Secrets stay off the command line: the CLI reads them from the environment.
    secrets = {"KOFFER_ENROLMENT_TOKEN", "KOFFER_ADMIN_TOKEN", "KOFFER_SMTP_PASSWORD"}
    assert secrets <= env_file().keys() - used


def test_townhall_unit_serves_mutual_tls_from_its_private_state_directory() -> None:
    entries = unit_entries(TOWNHALL / "koffer-townhall.service")
    argv = exec_start(TOWNHALL / "koffer-townhall.service")
    state = "/var/lib/" + entries["Service.StateDirectory"][0]
    assert argv[argv.index("--data-dir") + 1] == state
    assert argv[argv.index("--tls-dir") + 1] == state
    assert entries["Service.StateDirectoryMode"] == ["0700"]
    assert entries["Service.User"] == ["koffer-townhall"]
    assert entries["Service.EnvironmentFile"] == ["/etc/koffer-townhall/townhall.env"]
    for option in ("NoNewPrivileges", "PrivateTmp", "PrivateDevices", "ProtectHome"):
        assert entries[f"Service.{option}"] == ["yes"]
    assert entries["Service.ProtectSystem"] == ["strict"]
    assert entries["Service.CapabilityBoundingSet"] == [""]


def test_delivery_user_unit_runs_deliver_watch_for_kit_users() -> None:
    unit = KIT / "koffer-delivery.service"
    argv = exec_start(unit)
    assert argv[:3] == ["/usr/bin/koffer", "deliver", "--watch"]
    assert parses(argv[1:])
    entries = unit_entries(unit)
    # The group the postinst creates and the udev rules use: kit users only.
    assert entries["Unit.ConditionGroup"] == ["koffer"]
    assert "addgroup --system koffer" in (KIT / "postinst").read_text()
    assert entries["Install.WantedBy"] == ["default.target"]
    assert entries["Service.UMask"] == ["0077"]
    # Revocation ends it cleanly (exit 0): only a failure restarts it.
    assert entries["Service.Restart"] == ["on-failure"]


def test_delivery_user_unit_is_shipped_enabled_and_purged() -> None:
    build = (ROOT / "scripts" / "package.sh").read_text()
    assert 'koffer-delivery.service "$kit/usr/lib/systemd/user/"' in build
    postinst = (KIT / "postinst").read_text()
    assert "deb-systemd-helper --user enable koffer-delivery.service" in postinst
    postrm = (KIT / "postrm").read_text()
    assert "deb-systemd-helper --user purge koffer-delivery.service" in postrm
    assert "init-system-helpers (>= 1.58)" in (KIT / "control").read_text()


def test_townhall_env_file_is_a_conffile() -> None:
    assert (TOWNHALL / "conffiles").read_text().split() == ["/etc/koffer-townhall/townhall.env"]


# --- kit: desktop entry, data directory, udev --------------------------------------


def test_desktop_entry_starts_the_gui_with_the_shipped_icon() -> None:
    entry = dict(
        line.split("=", 1)
        for line in (KIT / "koffer.desktop").read_text().splitlines()
        if "=" in line
    )
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "koffer gui"
    assert parses(["gui"])
    assert (KIT / f"{entry['Icon']}.svg").is_file()


def test_icon_is_a_square_svg() -> None:
    root = ET.parse(KIT / "koffer.svg").getroot()  # noqa: S314 - our own file
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = root.attrib["viewBox"].split()
    assert width == height


def test_user_tmpfiles_line_makes_the_default_data_dir_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME")
    lines = [
        line.split()
        for line in (KIT / "user-tmpfiles.conf").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert len(lines) == 1
    kind, path, mode, user, group, age = lines[0]
    assert (kind, mode, user, group, age) == ("d", "0700", "-", "-", "-")
    assert Path(path.replace("%h", str(tmp_path))) == default_data_dir()


def documented_usb_ids(kind: str) -> set[str]:
    """The USB ids the README and docs/ give as examples for a device kind."""
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    pattern = re.compile(rf'{kind} = "([0-9a-fA-F]{{4}}:[0-9a-fA-F]{{4}})"')
    return {found for path in texts for found in pattern.findall(path.read_text())}


def udev_rules() -> list[str]:
    return [
        line
        for line in (KIT / "70-koffer.rules").read_text().splitlines()
        if line and not line.startswith("#")
    ]


def test_udev_rules_give_group_koffer_the_documented_fingerprint_sensors() -> None:
    granted = set()
    for rule in udev_rules():
        match = re.search(r'ATTR\{idVendor\}=="(\w+)", ATTR\{idProduct\}=="(\w+)"', rule)
        if match:
            assert 'GROUP="koffer"' in rule
            assert 'MODE="0660"' in rule
            granted.add(str(UsbId.parse(f"{match[1]}:{match[2]}")))
    documented = documented_usb_ids("fingerprint")
    assert documented
    assert documented <= granted


def test_udev_rules_only_touch_usb_devices_being_added_or_changed() -> None:
    rules = udev_rules()
    assert rules[0] == 'ACTION=="remove", GOTO="koffer_end"'
    assert 'SUBSYSTEM!="usb", GOTO="koffer_end"' in rules
    assert rules[-1] == 'LABEL="koffer_end"'


# --- control files, maintainer scripts, lintian overrides -----------------------------------


MAINTAINER_SCRIPTS = [
    package / script
    for package in (KIT, TOWNHALL)
    for script in ("postinst", "prerm", "postrm")
    if (package / script).exists()
]


def test_each_package_has_its_install_and_removal_scripts() -> None:
    assert {(path.parent.name, path.name) for path in MAINTAINER_SCRIPTS} >= {
        (KIT.name, "postinst"), (KIT.name, "postrm"),
        (TOWNHALL.name, "postinst"), (TOWNHALL.name, "prerm"), (TOWNHALL.name, "postrm"),
    }  # fmt: skip


@pytest.mark.parametrize("path", MAINTAINER_SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_maintainer_scripts_are_posix_shell_stopping_on_errors(path: Path) -> None:
    lines = path.read_text().splitlines()
    assert lines[0] == "#!/bin/sh"
    assert "set -e" in lines
    subprocess.run(["sh", "-n", str(path)], check=True)


def test_postinst_leaves_user_data_alone() -> None:
    code = [
        line
        for line in (KIT / "postinst").read_text().splitlines()
        if not line.lstrip().startswith("#")
    ]
    assert not [line for line in code if "/home" in line or ".local" in line]
    # It runs no koffer command: migrations are the store's business when a user opens it.
    runs_koffer = re.compile(r"\s*(/usr/bin/|/opt/koffer/bin/)?koffer\s")
    assert not [line for line in code if runs_koffer.match(line)]


def test_townhall_package_uses_the_kits_virtualenv_of_the_same_version() -> None:
    control = (TOWNHALL / "control").read_text()
    assert "Depends: koffer (= @VERSION@)" in control


@pytest.mark.parametrize("package", [KIT, TOWNHALL], ids=lambda p: p.name)
def test_every_lintian_override_gives_its_reason(package: Path) -> None:
    lines = (package / "lintian-overrides").read_text().splitlines()
    overrides = [i for i, line in enumerate(lines) if line and not line.startswith("#")]
    assert overrides
    for i in overrides:
        assert lines[i].startswith(f"{package.name}: ")
        reason = lines[i - 1]
        assert reason.startswith(("#", f"{package.name}: ")), f"no reason for {lines[i]}"


def test_man_page_names_every_command_of_the_cli() -> None:
    page = (KIT / "koffer.1").read_text()
    [subcommands] = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    commands = subcommands.choices
    for command in commands:
        assert re.search(rf"^\.B {command}\b|\\fB{command}\b", page, re.M), command


# --- build helpers -------------------------------------------------------------------------


def test_shlibs_skip_patterns_each_match_a_file_of_the_pyside6_wheel() -> None:
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None
    assert spec.submodule_search_locations is not None
    site = Path(next(iter(spec.submodule_search_locations))).parent
    files = [p.relative_to(site).as_posix() for p in (site / "PySide6").rglob("*")]
    elf_files = load_script("elf_files")
    for pattern in elf_files.skip_patterns(KIT / "shlibs-skip"):
        assert fnmatch.filter(files, pattern), f"{pattern} matches nothing"


def test_elf_files_lists_elf_files_and_leaves_out_skipped_ones(tmp_path: Path) -> None:
    elf_files = load_script("elf_files")
    (tmp_path / "pkg" / "plugins").mkdir(parents=True)
    (tmp_path / "pkg" / "mod.so").write_bytes(b"\x7fELF rest")
    (tmp_path / "pkg" / "plugins" / "unused.so").write_bytes(b"\x7fELF rest")
    (tmp_path / "pkg" / "module.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "tiny").write_bytes(b"\x7f")
    (tmp_path / "pkg" / "link.so").symlink_to(tmp_path / "pkg" / "mod.so")
    skip = tmp_path / "skip"
    skip.write_text("# comment\npkg/plugins/*  # never loaded\n\n")

    patterns = elf_files.skip_patterns(skip)

    assert patterns == ["pkg/plugins/*"]
    assert elf_files.elf_files(tmp_path, patterns) == [tmp_path / "pkg" / "mod.so"]


def test_bundled_licences_prefer_the_spdx_expression_then_classifiers() -> None:
    bundled = load_script("bundled_licences")
    spdx, classified, free, silent = Message(), Message(), Message(), Message()
    spdx["License-Expression"] = "MIT"
    spdx["Classifier"] = "License :: OSI Approved :: BSD License"
    classified["Classifier"] = "License :: OSI Approved :: BSD License"
    classified["Classifier"] = "Programming Language :: Python"
    free["License"] = "GPL version 2\nor any later version"

    assert bundled.declared_licence(spdx) == "MIT"
    assert bundled.declared_licence(classified) == "BSD License"
    assert bundled.declared_licence(free) == "GPL version 2"
    assert bundled.declared_licence(silent) == "see its dist-info directory"
