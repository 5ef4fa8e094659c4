#!/usr/bin/env bash
# Installs the Debian packages Koffer needs for a profile ("run", "test" or "package"); as a
# non-root user it names exactly what is missing and fails instead.
set -euo pipefail

profile="${1:-run}"

# Building the hardware bindings (pycups, pyscard, python-sane) and running Qt's xcb plugin.
run_pkgs=(
  python3-venv python3-dev gcc make pkg-config
  libcups2-dev libpcsclite-dev libsane-dev libusb-1.0-0
  libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libx11-xcb1 libdbus-1-3
  fonts-dejavu-core
)
# The real daemons the integration tests drive, and the tools that look at their output.
test_pkgs=(
  xvfb x11-apps
  cups cups-client cups-bsd printer-driver-cups-pdf
  sane-utils libsane1
  pcscd pcsc-tools vsmartcard-vpcd
  poppler-utils postgresql-client
  # libfprint's virtual_image driver, and what building PyGObject (the fprint extra) needs.
  libfprint-2-2 gir1.2-fprint-2.0 libgirepository1.0-dev libcairo2-dev
)
# Building and checking the .deb packages (scripts/package.sh, scripts/package-check.sh):
# Debian's own Python 3.11 for the packaged virtualenv, the fprint extra's build, dpkg-dev
# (dpkg-shlibdeps), lintian, systemd-analyze / desktop-file-validate for the unit files, Xvfb
# for the installed GUI, and the Wayland client libraries of Qt's wayland plugin
# (dpkg-shlibdeps maps them to packages).
package_pkgs=(
  python3.11-venv libgirepository1.0-dev libcairo2-dev
  dpkg-dev lintian desktop-file-utils systemd xvfb
  libwayland-cursor0 libwayland-egl1
)

case "$profile" in
  run) wanted=("${run_pkgs[@]}") ;;
  test) wanted=("${run_pkgs[@]}" "${test_pkgs[@]}") ;;
  package) wanted=("${run_pkgs[@]}" "${package_pkgs[@]}") ;;
  *) echo "usage: $0 run|test|package" >&2; exit 2 ;;
esac

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$pkg")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Koffer needs these Debian packages, which are not installed:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The daemons are started by the project itself; stop the package scripts from starting them.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; own_policy=1
fi
trap '[ "$own_policy" = 1 ] && rm -f "$policy"' EXIT
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
