#!/usr/bin/env bash
# CI check of the Debian packages: build them, run lintian, install them into a throwaway root
# (an overlay over this system in a mount namespace of its own, discarded at the end) and use
# the installed copy there as a town would: the town hall started from its unit's command line,
# a kit user's visit synchronised with it, `koffer doctor` on the simulated devices, the GUI
# on Xvfb, then the upgrade path (reinstall), removal and purge. Needs root (mounts).
set -Eeuo pipefail
trap 'echo "error: ${BASH_SOURCE[0]##*/} line $LINENO: $BASH_COMMAND" >&2' ERR

# --- the part that runs inside the throwaway root -----------------------------------------------
fail() { echo "FAILED: $*" >&2; exit 1; }
step() { echo "== [$(($(date +%s) - started)) s] $*"; }

as_kit() { # command... : as the kit user, with a clean environment
  runuser -u kitcheck -- env -i HOME=/home/kitcheck PATH=/usr/bin:/bin LANG=C.UTF-8 \
    KOFFER_PASSPHRASE=package-check-passphrase "$@"
}

# The town hall's command line exactly as systemd builds it: the unit's ExecStart, each
# ${VARIABLE} replaced by its value in the EnvironmentFile as one argument (even when empty).
unit_command() { # unit env-file -> NUL-separated arguments
  /opt/koffer/bin/python - "$1" "$2" <<'EOF'
import re, shlex, sys
unit, env_file = (open(path).read() for path in sys.argv[1:3])
env = dict(line.split("=", 1) for line in env_file.splitlines() if line and line[0] != "#")
command = re.search(r"^ExecStart=(.*)$", unit.replace("\\\n", " "), re.M).group(1)
words = [re.sub(r"^\$\{(\w+)\}$", lambda m: env[m.group(1)], w) for w in shlex.split(command)]
sys.stdout.write("".join(word + "\0" for word in words))
EOF
}

# The kit store's schema revision, or with "previous" first: the store taken back one revision,
# as the version before this one left it.
store_revision() { # [previous] store-dir
  as_kit /opt/koffer/bin/python - "$@" <<'EOF'
import sys
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from koffer.storage import migrate
engine = create_engine(f"sqlite:///{sys.argv[-1]}/kit.db")
with engine.begin() as connection:
    if sys.argv[1] == "previous":
        config = migrate.alembic_config(connection)
        head = ScriptDirectory.from_config(config).get_revision("head")
        command.downgrade(config, head.down_revision)
    print(connection.execute(text("SELECT version_num FROM alembic_version")).scalar())
EOF
}

# The town hall from its unit's command line, as koffer-townhall; waits until it answers.
start_townhall() {
  local up=$SECONDS cmd=()
  mapfile -d '' -t cmd < <(unit_command /lib/systemd/system/koffer-townhall.service \
    /etc/koffer-townhall/townhall.env)
  (set -a && . /etc/koffer-townhall/townhall.env && set +a &&
    cd / && exec runuser -u koffer-townhall -- "${cmd[@]}") \
    >>/tmp/townhall.log 2>&1 &
  townhall=$!
  trap 'kill "$townhall" 2>/dev/null || true' EXIT
  until /opt/koffer/bin/python -c "import httpx; httpx.get('https://127.0.0.1:$port/health',
verify='/var/lib/koffer-townhall/ca-cert.pem').raise_for_status()" 2>/dev/null; do
    kill -0 "$townhall" 2>/dev/null || { cat /tmp/townhall.log; fail "town hall exited"; }
    [ $((SECONDS - up)) -lt 60 ] || fail "town hall not answering after 60 s"
    sleep 0.5
  done
}

stop_townhall() {
  kill "$townhall"
  wait "$townhall" || true
  # Its workers (KOFFER_TOWNHALL_WORKERS) end with it; one left would hold the port.
  for _ in $(seq 20); do pgrep -u koffer-townhall >/dev/null || return 0; sleep 0.5; done
  fail "a town-hall process outlived the service"
}

in_root() { # kit-deb townhall-deb
  local kit_deb=$1 townhall_deb=$2 data=/home/kitcheck/check-store bad head delivery up cmd=()
  export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
  export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  # Nothing installed here may start a daemon.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 0755 /usr/sbin/policy-rc.d

  step "install (apt resolves the Depends)"
  apt-get install -y -q --no-install-recommends "$kit_deb" "$townhall_deb" >/tmp/apt.log 2>&1 ||
    { cat /tmp/apt.log; fail "apt-get install"; }
  getent group koffer >/dev/null || fail "group koffer"
  getent passwd koffer-townhall >/dev/null || fail "user koffer-townhall"
  [ "$(stat -c %a:%U /var/lib/koffer-townhall)" = 700:koffer-townhall ] || fail "state dir mode"
  [ "$(stat -c %a:%U /etc/koffer-townhall/townhall.env)" = 600:root ] || fail "env file mode"
  [ ! -e /etc/systemd/system/multi-user.target.wants/koffer-townhall.service ] ||
    fail "town hall enabled before it is set up"
  [ "$(readlink -f /opt/koffer/bin/python)" = /usr/bin/python3.11 ] || fail "venv interpreter"
  # Byte code names the installed sources, so tracebacks point at /opt/koffer.
  /opt/koffer/bin/python -c 'import marshal, koffer.settings as m
print(marshal.loads(open(m.__cached__, "rb").read()[16:]).co_filename)' |
    grep -qx /opt/koffer/lib/python3.11/site-packages/koffer/settings.py || fail "pyc paths"

  step "unit files, desktop entry"
  systemd-analyze verify /lib/systemd/system/koffer-townhall.service
  systemd-analyze security --offline=yes --threshold=30 /lib/systemd/system/koffer-townhall.service |
    tail -1
  desktop-file-validate /usr/share/applications/koffer.desktop

  step "town hall: init, then its unit's command line as koffer-townhall"
  runuser -u koffer-townhall -- koffer townhall init --dir /var/lib/koffer-townhall \
    --host 127.0.0.1 >/dev/null
  token=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  port=$(/opt/koffer/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  sed -i -e "s|^KOFFER_ENROLMENT_TOKEN=.*|KOFFER_ENROLMENT_TOKEN=$token|" \
    -e "s|^KOFFER_TOWNHALL_HOST=.*|KOFFER_TOWNHALL_HOST=127.0.0.1|" \
    -e "s|^KOFFER_TOWNHALL_PORT=.*|KOFFER_TOWNHALL_PORT=$port|" \
    -e "s|^KOFFER_TOWNHALL_WORKERS=.*|KOFFER_TOWNHALL_WORKERS=2|" /etc/koffer-townhall/townhall.env
  start_townhall

  step "kit user: data dir, a visit synchronised with the town hall, koffer doctor"
  useradd --create-home --groups koffer --shell /bin/bash kitcheck
  as_kit systemd-tmpfiles --user --create
  [ "$(stat -c %a /home/kitcheck/.local/share/koffer)" = 700 ] || fail "user data dir mode"
  as_kit env KOFFER_SYNC__ENROLMENT_TOKEN="$token" \
    koffer demo --data-dir "$data" --townhall "https://127.0.0.1:$port"
  as_kit koffer doctor --data-dir "$data" || fail "koffer doctor"
  [ "$(stat -c %a "$data")" = 700 ] || fail "kit store mode"

  step "background delivery: a visit queued with the town hall down, handed in by the user unit"
  [ -e /etc/systemd/user/default.target.wants/koffer-delivery.service ] ||
    fail "delivery user unit not enabled"
  systemd-analyze verify /usr/lib/systemd/user/koffer-delivery.service
  [ "$(stat -c %a "$data/delivery-pass.json")" = 600 ] || fail "delivery pass mode"
  stop_townhall
  if as_kit env KOFFER_SYNC__ENROLMENT_TOKEN="$token" koffer demo --data-dir "$data" \
    --townhall "https://127.0.0.1:$port" >/tmp/offline-visit.log 2>&1; then
    fail "the visit synchronised with the town hall down"
  fi
  [ -n "$(ls "$data/outbox-uploads")" ] || fail "nothing sealed when the case was queued"
  start_townhall
  mapfile -d '' -t cmd < <(unit_command /usr/lib/systemd/user/koffer-delivery.service /dev/null)
  as_kit env KOFFER_DATA_DIR="$data" "${cmd[@]}" >/tmp/delivery.log 2>&1 &
  delivery=$!
  up=$SECONDS
  until grep -q "delivered 1, refused 0" /tmp/delivery.log; do
    kill -0 "$delivery" 2>/dev/null || { cat /tmp/delivery.log; fail "delivery exited"; }
    [ $((SECONDS - up)) -lt 60 ] || { cat /tmp/delivery.log; fail "nothing delivered in 60 s"; }
    sleep 0.5
  done
  # SIGTERM to the service itself, as systemd stops it (not to runuser, which would re-raise it).
  pkill -TERM -u kitcheck -f "koffer deliver --watch"
  wait "$delivery" || { cat /tmp/delivery.log; fail "delivery did not end cleanly on SIGTERM"; }

  step "GUI on Xvfb (xcb): one visit's screenshots"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>/tmp/display 2>/dev/null &
  xvfb=$!
  trap 'kill "$townhall" "$xvfb" 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [ -s /tmp/display ] && break; sleep 0.1; done
  as_kit env DISPLAY=":$(cat /tmp/display)" QT_QPA_PLATFORM=xcb \
    timeout 180 koffer screenshots /tmp/shots >/tmp/gui.log 2>&1 ||
    { tail -20 /tmp/gui.log; fail "GUI"; }
  kill "$xvfb"

  step "upgrade path (reinstall) over a store one schema revision behind"
  stop_townhall
  head=$(store_revision "$data")
  echo "store at revision $(store_revision previous "$data") of $head"
  chmod 0755 /home/kitcheck/.local/share/koffer
  dpkg -i "$kit_deb" "$townhall_deb" >/dev/null
  [ "$(stat -c %a:%U /home/kitcheck/.local/share/koffer)" = 700:kitcheck ] ||
    fail "postinst: kit user's data dir not made private"
  as_kit koffer doctor --data-dir "$data" >/dev/null || fail "koffer doctor after upgrade"
  [ "$(store_revision "$data")" = "$head" ] || fail "store not migrated when opened"
  [ -f /var/lib/koffer-townhall/ca-key.pem ] || fail "town hall CA kept"
  # Every packaged file as shipped (the edited settings file aside).
  bad=$(dpkg --verify koffer koffer-townhall | grep -v ' c /etc/koffer-townhall/townhall.env$' || true)
  [ -z "$bad" ] || { echo "$bad"; fail "installed files differ from the package"; }

  step "remove, purge"
  dpkg -r koffer-townhall koffer >/dev/null
  [ ! -e /opt/koffer ] && [ ! -e /usr/bin/koffer ] || fail "program left after removal"
  [ -f "$data/kit.db" ] && [ -f /var/lib/koffer-townhall/ca-key.pem ] || fail "data removed"
  dpkg -P koffer-townhall koffer >/dev/null
  [ ! -e /etc/koffer-townhall ] || fail "conffiles left after purge"
  [ -z "$(find /etc/systemd/user -name 'koffer-*' 2>/dev/null)" ] ||
    fail "user unit links left after purge"
  trap - EXIT
}

if [ "${1:-}" = "--in-root" ]; then
  started=$2
  in_root "$3" "$4"
  exit
fi

# --- the part that runs on this system -----------------------------------------------------------
self=$(realpath "$0")
cd "$(dirname "$self")/.."
started=$(date +%s)
[ "$(id -u)" -eq 0 ] || fail "run as root: the throwaway root is an overlay mount"
out=$(realpath -m "${KOFFER_PACKAGE_DIR:-build/package}")

# The contents are what the check is about: the fastest xz level saves minutes (make package
# builds the same contents at level 6, about 15 % smaller).
KOFFER_DEB_LEVEL=${KOFFER_DEB_LEVEL:-1} scripts/package.sh
kit_deb=$(ls "$out"/koffer_*_amd64.deb)
townhall_deb=$(ls "$out"/koffer-townhall_*_amd64.deb)

step "lintian"
lintian_rc=0
lintian --fail-on error,warning "$kit_deb" "$townhall_deb" >"$out/lintian.log" 2>&1 || lintian_rc=$?
grep -v 'running with root' "$out/lintian.log" || true
[ "$lintian_rc" = 0 ] || fail "lintian: fix the findings above or override them with a reason"

step "throwaway root"
root=$(mktemp -d "$out/check-root.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir "$root/upper" "$root/work" "$root/merged"
# A PID namespace too: whatever the check started there ends with it.
unshare --mount --pid --fork --propagation private -- /bin/bash -euo pipefail -c '
  root=$1; m=$root/merged
  mount -t overlay overlay -o "lowerdir=/,upperdir=$root/upper,workdir=$root/work" "$m"
  mount -t proc proc "$m/proc"
  for fs in sys dev; do mount --rbind "/$fs" "$m/$fs"; done
  mount -t tmpfs -o mode=0755 tmpfs "$m/run"
  mount -t tmpfs -o mode=1777 tmpfs "$m/tmp"
  cp "$2" "$3" "$4" "$m/tmp/"
  chroot "$m" /bin/bash "/tmp/${2##*/}" --in-root "$5" "/tmp/${3##*/}" "/tmp/${4##*/}"
' check "$root" "$self" "$kit_deb" "$townhall_deb" "$started"
step "passed: $(du -h "$kit_deb" | cut -f1) + $(du -h "$townhall_deb" | cut -f1), installed $(dpkg-deb -f "$kit_deb" Installed-Size) KiB"
