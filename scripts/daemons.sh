#!/usr/bin/env bash
# Starts and stops private instances of the real daemons the integration tests use,
# each confined to a state directory and stopped by PID (no systemd, no service(8)).
#
#   scripts/daemons.sh start STATE_DIR   start everything, write STATE_DIR/env
#   scripts/daemons.sh stop STATE_DIR    stop everything started into STATE_DIR
#
# `start` writes STATE_DIR/env (lines `export NAME=value`), one PID file per daemon in
# STATE_DIR/pids/, logs in STATE_DIR/logs/, and prints one line per daemon:
#   DISPLAY, KOFFER_TEST_DISPLAY   private Xvfb
#   CUPS_SERVER                    local socket of a private cupsd
#   KOFFER_TEST_CUPS_QUEUE         cups-pdf queue on it (unique name per start)
#   KOFFER_TEST_CUPS_OUT           directory where that queue writes the PDFs,
#                                  named <job-name>-job_<id>.pdf
#   PCSCLITE_CSOCK_NAME            socket of a private pcscd with the vpcd driver
#   KOFFER_TEST_VPCD_PORT          TCP port the vpcd driver listens on for the virtual
#                                  card (reader "Virtual PCD 00 00"; port+1 is reader
#                                  "Virtual PCD 00 01"); bound to all interfaces, connect
#                                  to 127.0.0.1
#   SANE_CONFIG_DIR                SANE configuration with only the `test` backend
#   KOFFER_TEST_PG_URL             fresh database on 127.0.0.1:5432 (only if reachable)
# If a daemon does not come up, its log tail goes to stderr, everything started so far is
# stopped and the exit status is non-zero. `stop` sends TERM, waits up to 5 s, then KILL,
# removes what `start` put outside STATE_DIR (the per-queue cups-pdf config in /etc/cups,
# the test database) and can be called any number of times.
#
# Needs root: the cups-pdf backend runs as root and only reads its configuration from
# /etc/cups, and pcscd always binds /run/pcscd/pcscd.comm (it ignores PCSCLITE_CSOCK_NAME;
# only clients honour it), so it is run in a private mount namespace with its own /run.
# Without mount namespaces (an unprivileged container) pcscd falls back to the real
# /run/pcscd, which only works while no other pcscd is running there.
# KOFFER_DAEMONS_NO_NAMESPACE=1 forces that fallback (for testing it).
set -euo pipefail
export LC_ALL=C
umask 022

readonly PROG=${0##*/}
readonly WAIT_SECONDS=20   # upper bound for each readiness wait
readonly STOP_SECONDS=5    # TERM grace period before KILL
readonly CUPS_PDF_PPD=/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd
readonly VPCD_DRIVER=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
readonly VPCD_READER="Virtual PCD"
readonly PG_HOST=127.0.0.1 PG_PORT=5432 PG_USER=postgres

S=""            # absolute STATE_DIR
ENV_LINES=()    # collected `export` lines, written to $S/env at the end of start

usage() {
  echo "usage: $PROG start|stop STATE_DIR" >&2
  exit 2
}

err() { echo "$PROG: $*" >&2; }

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# True if the process exists and is not a zombie.
is_running() {
  local pid=$1 stat
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

comm_of() { cat "/proc/$1/comm" 2>/dev/null || true; }

# Process names a PID file may point at: the launch chain (setsid, unshare) execs into the
# daemon, so the PID stays the same. Shells are not accepted, so a PID reused after a
# reboot cannot make `stop` kill somebody's shell.
expected_comms() {
  case $1 in
    xvfb) echo "Xvfb setsid" ;;
    cupsd) echo "cupsd setsid" ;;
    pcscd) echo "pcscd unshare setsid" ;;
    *) echo "" ;;
  esac
}

is_ours() {
  local name=$1 pid=$2 comm c
  comm=$(comm_of "$pid")
  for c in $(expected_comms "$name"); do
    [ "$comm" = "$c" ] && return 0
  done
  return 1
}

# wait_until SECONDS PID CMD...: poll CMD every 50 ms until it succeeds (0), PID dies (2)
# or the time is up (1). PID may be empty.
wait_until() {
  local limit=$(($1 * 1000)) pid=$2 start
  shift 2
  start=$(now_ms)
  while :; do
    if "$@"; then return 0; fi
    if [ -n "$pid" ] && ! is_running "$pid"; then
      "$@" && return 0
      return 2
    fi
    if (($(now_ms) - start >= limit)); then return 1; fi
    sleep 0.05
  done
}

# fail NAME "LOG..." MESSAGE: report a daemon that did not come up (with the tail of each
# non-empty log); the EXIT trap then stops what was started.
fail() {
  local name=$1 logs=$2 log
  shift 2
  err "$name: $*"
  for log in $logs; do
    if [ -s "$log" ]; then
      echo "---- last lines of $log ----" >&2
      tail -n 30 "$log" >&2 || true
      echo "----" >&2
    fi
  done
  exit 1
}

add_env() {
  local name=$1 value=$2
  if [[ $value =~ ^[A-Za-z0-9_./:@+,=-]+$ ]]; then
    ENV_LINES+=("export $name=$value")
  else
    ENV_LINES+=("export $name='${value//\'/\'\\\'\'}'")
  fi
}

rand_hex() { od -An -N4 -tx1 /dev/urandom | tr -d ' \n'; }

file_has_line() { [ -s "$1" ] && grep -q '^[0-9][0-9]*$' "$1"; }

# Inodes of TCP sockets listening on port $1 (IPv4 and IPv6), from /proc (no ss needed).
listen_inodes() {
  local hex
  hex=$(printf '%04X' "$1")
  awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { print $10 }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null || true
}

port_busy() {
  local hex
  hex=$(printf '%04X' "$1")
  awk -v p=":$hex" 'substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# pid_listens PID PORT: PID holds a socket listening on PORT.
pid_listens() {
  local pid=$1 port=$2 ino fds
  fds=$(ls -l "/proc/$pid/fd" 2>/dev/null) || return 1
  for ino in $(listen_inodes "$port"); do
    case $fds in *"socket:[$ino]"*) return 0 ;; esac
  done
  return 1
}

# launch NAME LOG FD3_FILE CMD...: starts CMD detached (own session, so terminal signals
# do not reach it; stdin /dev/null; stdout and stderr to LOG; fd 3 to FD3_FILE unless
# that is empty; no other inherited descriptors, so no caller's pipe is held open) and
# records its PID in pids/NAME.pid. Sets LAUNCHED_PID.
launch() {
  local name=$1 log=$2 fd3=$3
  shift 3
  (
    for fd in /proc/self/fd/*; do
      fd=${fd##*/}
      if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    if [ -n "$fd3" ]; then exec 3>"$fd3"; fi
    exec setsid "$@" </dev/null >>"$log" 2>&1
  ) &
  LAUNCHED_PID=$!
  echo "$LAUNCHED_PID" >"$S/pids/$name.pid"
}

# ---------------------------------------------------------------------------- Xvfb

start_xvfb() {
  local dir=$S/xvfb log=$S/logs/xvfb.log pid rc=0 n
  mkdir -p "$dir"
  : >"$dir/displayfd"
  # -displayfd picks a free display and writes its number once the server accepts clients.
  launch xvfb "$log" "$dir/displayfd" \
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset
  pid=$LAUNCHED_PID
  wait_until "$WAIT_SECONDS" "$pid" file_has_line "$dir/displayfd" || rc=$?
  case $rc in
    0) ;;
    2) fail xvfb "$log" "Xvfb exited during startup" ;;
    *) fail xvfb "$log" "Xvfb did not report a display within ${WAIT_SECONDS}s" ;;
  esac
  n=$(head -n 1 "$dir/displayfd")
  echo "$n" >"$dir/display"
  is_ours xvfb "$pid" || fail xvfb "$log" "PID $pid is not Xvfb"
  add_env DISPLAY ":$n"
  add_env KOFFER_TEST_DISPLAY ":$n"
  echo "xvfb: DISPLAY=:$n (pid $pid, 1280x800x24)"
}

# ---------------------------------------------------------------------------- cupsd

# The filters run as user lp and open the spool files by path, so lp must be able to
# traverse STATE_DIR (mktemp -d gives 0700).
check_lp_traversal() {
  local target=$1 d
  command -v runuser >/dev/null || return 0
  runuser -u lp -- test -x "$target" 2>/dev/null && return 0
  chmod go+x "$S"
  runuser -u lp -- test -x "$target" 2>/dev/null && return 0
  d=$target
  while [ "$d" != / ]; do
    if ! runuser -u lp -- test -x "$d" 2>/dev/null; then
      fail cupsd "" "CUPS filters run as user lp and cannot enter $d; make the parents of" \
        "STATE_DIR traversable (chmod o+x) or use a STATE_DIR elsewhere"
    fi
    d=$(dirname "$d")
  done
  fail cupsd "" "user lp cannot reach $target"
}

start_cupsd() {
  local dir=$S/cups log=$S/logs/cupsd.log sock queue out conf pid rc=0 f
  sock=$dir/cups.sock
  out=$S/cups-pdf/out
  getent passwd lp >/dev/null || fail cupsd "" "user lp missing (package cups not installed?)"
  [ -x /usr/sbin/cupsd ] || fail cupsd "" "cupsd missing: apt-get install cups"
  if [ ! -f "$CUPS_PDF_PPD" ] || [ ! -e /usr/lib/cups/backend/cups-pdf ]; then
    fail cupsd "" "cups-pdf missing: apt-get install printer-driver-cups-pdf"
  fi
  ((${#sock} < 100)) || fail cupsd "" "socket path too long for AF_UNIX: $sock"

  mkdir -p "$dir/etc" "$dir/spool" "$dir/cache" "$dir/state" "$S/cups-pdf" "$out" \
    "$S/cups-pdf/tmp"
  # Any job owner (root, a test user, or nobody for unknown users) writes here.
  chmod 1777 "$out" "$S/cups-pdf/tmp"
  for f in raw.types raw.convs; do
    if [ -f "/etc/cups/$f" ]; then cp "/etc/cups/$f" "$dir/etc/"; fi
  done
  check_lp_traversal "$dir"

  cat >"$dir/cups-files.conf" <<EOF
# Private cupsd for Koffer's integration tests (scripts/daemons.sh).
ServerRoot $dir/etc
RequestRoot $dir/spool
CacheDir $dir/cache
StateDir $dir/state
ErrorLog $S/logs/cupsd-error_log
AccessLog $S/logs/cupsd-access_log
PageLog $S/logs/cupsd-page_log
Printcap $dir/printcap
SystemGroup root
User lp
Group lp
EOF
  cat >"$dir/cupsd.conf" <<EOF
# Private cupsd for Koffer's integration tests: local socket only, no authentication.
LogLevel debug
MaxLogSize 0
Listen $sock
Browsing No
WebInterface No
DefaultAuthType None
ErrorPolicy abort-job
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
  cupsd -t -c "$dir/cupsd.conf" -s "$dir/cups-files.conf" >>"$log" 2>&1 ||
    fail cupsd "$log" "configuration rejected"

  launch cupsd "$log" "" cupsd -f -c "$dir/cupsd.conf" -s "$dir/cups-files.conf"
  pid=$LAUNCHED_PID
  wait_until "$WAIT_SECONDS" "$pid" cups_ready "$sock" || rc=$?
  case $rc in
    0) ;;
    2) fail cupsd "$log $S/logs/cupsd-error_log" "cupsd exited during startup" ;;
    *) fail cupsd "$log $S/logs/cupsd-error_log" "lpstat got no answer within ${WAIT_SECONDS}s" ;;
  esac
  is_ours cupsd "$pid" || fail cupsd "$log" "PID $pid is not cupsd"

  # cups-pdf only reads /etc/cups/cups-pdf.conf, or /etc/cups/cups-pdf-<NAME>.conf for the
  # device URI cups-pdf:/<NAME>; that file replaces (does not extend) the global one.
  queue=KofferTest$(rand_hex)
  conf=/etc/cups/cups-pdf-$queue.conf
  echo "$conf" >"$dir/cups-pdf-conf"   # recorded first, so a failed start removes it
  cat >"$conf" <<EOF
# Written by Koffer's scripts/daemons.sh for $S; removed by \`daemons.sh stop\`.
Out $out
AnonDirName $out
AnonUser nobody
Spool $S/cups-pdf/spool
GSTmp $S/cups-pdf/tmp
Log $S/logs
LogType 3
Grp lp
Label 2
TitlePref 1
UserUMask 0022
AnonUMask 0022
EOF
  # The noopt PPD sets no defaults for Label/TitlePref, so the file above decides.
  # Debian's cups-pdf only takes PostScript (a PDF reaching it comes out as a blank page),
  # so CUPS runs pdftopdf, pdftops, then cups-pdf's Ghostscript. pdftops' default
  # renderers (hybrid/gs/poppler) lose the text of non-ASCII glyphs on that round trip
  # (pdftotext then reads "B rgerb ro"); pdftocairo keeps it.
  CUPS_SERVER=$sock lpadmin -p "$queue" -D "Koffer test PDF printer" -v "cups-pdf:/$queue" \
    -P "$CUPS_PDF_PPD" -o printer-error-policy=abort-job \
    -o pdftops-renderer-default=pdftocairo -E >>"$log" 2>&1 ||
    fail cupsd "$log" "lpadmin could not create queue $queue"
  CUPS_SERVER=$sock lpadmin -d "$queue" >>"$log" 2>&1 ||
    fail cupsd "$log" "lpadmin could not make $queue the default"
  rc=0
  wait_until "$WAIT_SECONDS" "$pid" queue_ready "$sock" "$queue" || rc=$?
  [ "$rc" = 0 ] || fail cupsd "$log $S/logs/cupsd-error_log" "queue $queue not accepting jobs"

  add_env CUPS_SERVER "$sock"
  add_env KOFFER_TEST_CUPS_QUEUE "$queue"
  add_env KOFFER_TEST_CUPS_OUT "$out"
  echo "cupsd: queue $queue -> $out (CUPS_SERVER=$sock, pid $pid)"
}

cups_ready() {
  [ -S "$1" ] && CUPS_SERVER=$1 lpstat -r 2>/dev/null | grep -q 'scheduler is running'
}

queue_ready() {
  CUPS_SERVER=$1 lpstat -a "$2" 2>/dev/null | grep -q "^$2 accepting" &&
    CUPS_SERVER=$1 lpstat -p "$2" 2>/dev/null | grep -q 'enabled'
}

# ---------------------------------------------------------------------------- pcscd

namespaces_usable() {
  [ "${KOFFER_DAEMONS_NO_NAMESPACE:-0}" != 1 ] &&
    unshare --mount --propagation private -- true 2>/dev/null
}

start_pcscd() {
  local dir=$S/pcscd log=$S/logs/pcscd.log sock port pid rc attempt mode
  [ -x /usr/sbin/pcscd ] || fail pcscd "" "pcscd missing: apt-get install pcscd"
  [ -f "$VPCD_DRIVER" ] || fail pcscd "" "vpcd driver missing: apt-get install vsmartcard-vpcd"
  mkdir -p "$dir/run" "$dir/reader.conf.d"

  if namespaces_usable; then
    mode=namespace
    # pcscd binds /run/pcscd/pcscd.comm; inside its namespace /run is $dir/run.
    sock=$dir/run/pcscd/pcscd.comm
    ((${#sock} < 100)) || fail pcscd "" "socket path too long for AF_UNIX: $sock"
  else
    mode=shared
    sock=/run/pcscd/pcscd.comm
    if [ -e "$sock" ] && is_running "$(tr -dc 0-9 2>/dev/null </run/pcscd/pcscd.pid)"; then
      fail pcscd "" "no usable mount namespace (unshare --mount) here, and another pcscd" \
        "owns $sock; a private pcscd cannot run next to it without one"
    fi
    if [ ! -d /run/pcscd ]; then
      mkdir -p /run/pcscd
      echo /run/pcscd >"$dir/created-run-dir"
    fi
    echo shared >"$dir/mode"
  fi

  for attempt in 1 2 3; do
    port=$(pick_port_pair) || fail pcscd "" "no free TCP port pair for vpcd"
    cat >"$dir/reader.conf.d/vpcd" <<EOF
FRIENDLYNAME "$VPCD_READER"
DEVICENAME   /dev/null:$port
LIBPATH      $VPCD_DRIVER
CHANNELID    $port
EOF
    echo "--- start attempt $attempt, vpcd port $port, mode $mode" >>"$log"
    if [ "$mode" = namespace ]; then
      # unshare and sh exec into pcscd, so the recorded PID is pcscd's. mount -n: no
      # /run/mount/utab on the host.
      # shellcheck disable=SC2016 # expanded by the inner sh
      launch pcscd "$log" "" unshare --mount --propagation private -- /bin/sh -c \
        'mount -n --bind "$1" /run && exec /usr/sbin/pcscd -f -a -c "$2"' \
        sh "$dir/run" "$dir/reader.conf.d"
    else
      launch pcscd "$log" "" /usr/sbin/pcscd -f -a -c "$dir/reader.conf.d"
    fi
    pid=$LAUNCHED_PID
    rc=0
    wait_until "$WAIT_SECONDS" "$pid" pcscd_up "$pid" "$sock" || rc=$?
    case $rc in
      0) ;;
      2) fail pcscd "$log" "pcscd exited during startup" ;;
      *) fail pcscd "$log" "pcscd socket $sock not there within ${WAIT_SECONDS}s" ;;
    esac
    # pcscd loads the readers before it creates its socket, so by now the vpcd driver
    # listens or has failed (port taken in the meantime): then try another port.
    rc=0
    wait_until 1 "$pid" vpcd_listening "$pid" "$port" || rc=$?
    [ "$rc" = 0 ] && break
    if [ "$attempt" -lt 3 ] && [ "$rc" = 1 ]; then
      stop_pids pcscd
      continue
    fi
    fail pcscd "$log" "vpcd driver does not listen on ports $port and $((port + 1))"
  done
  is_ours pcscd "$pid" || fail pcscd "$log" "PID $pid is not pcscd"
  echo "$port" >"$dir/port"
  add_env PCSCLITE_CSOCK_NAME "$sock"
  add_env KOFFER_TEST_VPCD_PORT "$port"
  if [ "$mode" = shared ]; then
    mode=", shared /run/pcscd (no mount namespace)"
  else
    mode=""
  fi
  echo "pcscd: PCSCLITE_CSOCK_NAME=$sock, vpcd on port $port (reader \"$VPCD_READER 00 00\";" \
    "port $((port + 1)) is \"$VPCD_READER 00 01\"), pid $pid$mode"
}

pcscd_up() { [ -S "$2" ] && [ "$(comm_of "$1")" = pcscd ]; }

vpcd_listening() { pid_listens "$1" "$2" && pid_listens "$1" $(($2 + 1)); }

# A port pair (vpcd uses port and port+1) below the ephemeral range, currently unused.
pick_port_pair() {
  local i p
  for i in $(seq 1 100); do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
    if ! port_busy "$p" && ! port_busy $((p + 1)); then
      echo "$p"
      return 0
    fi
    : "$i"
  done
  return 1
}

# ---------------------------------------------------------------------------- SANE

setup_sane() {
  local dir=$S/sane log=$S/logs/sane.log devices
  [ -f /etc/sane.d/test.conf ] || fail sane "" "/etc/sane.d/test.conf missing: apt-get install libsane1"
  mkdir -p "$dir"
  echo test >"$dir/dll.conf"
  cp /etc/sane.d/test.conf "$dir/test.conf"
  if command -v scanimage >/dev/null; then
    SANE_CONFIG_DIR=$dir timeout "$WAIT_SECONDS" scanimage -L >"$log" 2>&1 ||
      fail sane "$log" "scanimage -L failed"
    devices=$(sed -n "s/^device \`\([^']*\)'.*/\1/p" "$log" | tr '\n' ' ')
    [ -n "$devices" ] || fail sane "$log" "scanimage -L lists no test device"
  else
    devices="(scanimage not installed, not checked)"
  fi
  add_env SANE_CONFIG_DIR "$dir"
  echo "sane: SANE_CONFIG_DIR=$dir (test backend: ${devices% })"
}

# ---------------------------------------------------------------------------- PostgreSQL

setup_postgres() {
  local dir=$S/postgres log=$S/logs/postgres.log db url
  mkdir -p "$dir"
  if ! command -v pg_isready >/dev/null || ! command -v psql >/dev/null; then
    echo "postgres: pg_isready/psql not installed; KOFFER_TEST_PG_URL not set"
    return 0
  fi
  if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3 >/dev/null 2>&1; then
    echo "postgres: nothing answers on $PG_HOST:$PG_PORT; KOFFER_TEST_PG_URL not set"
    return 0
  fi
  db=koffer_test_$(rand_hex)
  echo "$db" >"$dir/database"   # recorded first, so a failed start drops it
  if ! PGCONNECT_TIMEOUT=5 psql -w -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" \
    -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >>"$log" 2>&1; then
    rm -f "$dir/database"
    echo "postgres: $PG_HOST:$PG_PORT answers but CREATE DATABASE as $PG_USER failed" \
      "(see $log); KOFFER_TEST_PG_URL not set"
    tail -n 3 "$log" >&2 || true
    return 0
  fi
  url=postgresql+psycopg://$PG_USER@$PG_HOST:$PG_PORT/$db
  add_env KOFFER_TEST_PG_URL "$url"
  echo "postgres: KOFFER_TEST_PG_URL=$url"
}

drop_postgres() {
  local f=$S/postgres/database db
  [ -f "$f" ] || return 0
  db=$(cat "$f")
  if [[ ! $db =~ ^koffer_test_[0-9a-f]+$ ]]; then
    err "postgres: refusing to drop unexpected database name '$db'"
    rm -f "$f"
    return 0
  fi
  if PGCONNECT_TIMEOUT=5 psql -w -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres \
    -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
    >>"$S/logs/postgres.log" 2>&1; then
    rm -f "$f"
  else
    err "postgres: could not drop database $db (see $S/logs/postgres.log)"
  fi
}

# ---------------------------------------------------------------------------- stop

# stop_pids [NAME...]: TERM the recorded daemons (all if no NAME), wait up to
# STOP_SECONDS, KILL the rest. Returns non-zero only if something survived KILL.
stop_pids() {
  local f name pid start left=() survivors=() names=("$@")
  [ -d "$S/pids" ] || return 0
  if [ ${#names[@]} -eq 0 ]; then
    for f in "$S"/pids/*.pid; do
      [ -e "$f" ] || continue
      name=${f##*/}
      names+=("${name%.pid}")
    done
  fi
  for name in "${names[@]}"; do
    f=$S/pids/$name.pid
    [ -f "$f" ] || continue
    pid=$(tr -dc 0-9 <"$f")
    if [ -n "$pid" ] && is_running "$pid"; then
      if is_ours "$name" "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        left+=("$name:$pid")
        continue
      fi
      err "$name: PID $pid is now '$(comm_of "$pid")', not ours; not killing it"
    fi
    rm -f "$f"
  done
  [ ${#left[@]} -gt 0 ] || return 0
  start=$(now_ms)
  while :; do
    survivors=()
    for f in "${left[@]}"; do
      is_running "${f#*:}" && survivors+=("$f")
    done
    left=("${survivors[@]+"${survivors[@]}"}")
    [ ${#left[@]} -gt 0 ] || break
    if (($(now_ms) - start >= STOP_SECONDS * 1000)); then
      for f in "${left[@]}"; do
        err "${f%%:*}: PID ${f#*:} ignored TERM for ${STOP_SECONDS}s, sending KILL"
        kill -KILL "${f#*:}" 2>/dev/null || true
      done
      start=$(now_ms)
      while (($(now_ms) - start < 2000)); do
        survivors=()
        for f in "${left[@]}"; do
          is_running "${f#*:}" && survivors+=("$f")
        done
        left=("${survivors[@]+"${survivors[@]}"}")
        [ ${#left[@]} -gt 0 ] || break
        sleep 0.05
      done
      break
    fi
    sleep 0.05
  done
  for name in "${names[@]}"; do
    f=$S/pids/$name.pid
    [ -f "$f" ] || continue
    case " ${left[*]-} " in
      *" $name:"*) ;;
      *) rm -f "$f" ;;
    esac
  done
  if [ ${#left[@]} -gt 0 ]; then
    err "still running after KILL: ${left[*]}"
    return 1
  fi
  return 0
}

# cleanup_outside XVFB_PID PCSCD_PID (as recorded before stopping; may be empty)
cleanup_outside() {
  local xvfb_pid=$1 pcscd_pid=$2 f conf n lock pid dir
  # Per-queue cups-pdf configuration in /etc/cups.
  f=$S/cups/cups-pdf-conf
  if [ -f "$f" ]; then
    conf=$(cat "$f")
    case $conf in
      /etc/cups/cups-pdf-KofferTest*.conf) rm -f "$conf" ;;
      *) err "cupsd: not removing unexpected path '$conf'" ;;
    esac
    rm -f "$f"
  fi
  # Xvfb's socket (and lock file, if any), if it was killed before it could remove them;
  # only while no process listens on that socket any more.
  f=$S/xvfb/display
  if [ -f "$f" ]; then
    n=$(tr -dc 0-9 <"$f")
    if [ -n "$n" ] && [ -n "$xvfb_pid" ] && ! is_running "$xvfb_pid" &&
      ! grep -q " /tmp/.X11-unix/X$n\$" /proc/net/unix 2>/dev/null; then
      lock=/tmp/.X$n-lock
      if [ -f "$lock" ] && [ "$(tr -dc 0-9 <"$lock")" = "$xvfb_pid" ]; then
        rm -f "$lock"
      fi
      if [ -S "/tmp/.X11-unix/X$n" ]; then
        rm -f "/tmp/.X11-unix/X$n"
      fi
    fi
    rm -f "$f"
  fi
  # pcscd without a mount namespace used the real /run/pcscd.
  if [ -f "$S/pcscd/mode" ]; then
    pid=$(tr -dc 0-9 2>/dev/null </run/pcscd/pcscd.pid || true)
    if [ -n "$pid" ] && [ "$pid" = "$pcscd_pid" ] && ! is_running "$pid"; then
      rm -f /run/pcscd/pcscd.comm /run/pcscd/pcscd.pid
    fi
    if [ -f "$S/pcscd/created-run-dir" ]; then
      dir=$(cat "$S/pcscd/created-run-dir")
      if [ "$dir" = /run/pcscd ]; then rmdir "$dir" 2>/dev/null || true; fi
      rm -f "$S/pcscd/created-run-dir"
    fi
    rm -f "$S/pcscd/mode"
  fi
  drop_postgres
}

recorded_pid() { tr -dc 0-9 2>/dev/null <"$S/pids/$1.pid" || true; }

cmd_stop() {
  local rc=0 xvfb_pid pcscd_pid
  if [ ! -d "$S" ]; then
    return 0
  fi
  # Remembered for the lock-file checks in cleanup_outside.
  xvfb_pid=$(recorded_pid xvfb)
  pcscd_pid=$(recorded_pid pcscd)
  stop_pids || rc=1
  cleanup_outside "$xvfb_pid" "$pcscd_pid"
  rm -f "$S/env"
  return "$rc"
}

# ---------------------------------------------------------------------------- start

on_start_exit() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$rc" != 0 ]; then
    err "start failed; stopping what was started"
    cmd_stop || true
  fi
  exit "$rc"
}

cmd_start() {
  local f pid
  if [ "$(id -u)" != 0 ]; then
    err "must run as root: cupsd's cups-pdf backend runs as root and reads its per-queue"
    err "config from /etc/cups, and pcscd needs a mount namespace (or /run/pcscd)."
    exit 1
  fi
  mkdir -p "$S"
  if [ -d "$S/pids" ]; then
    for f in "$S"/pids/*.pid; do
      [ -e "$f" ] || continue
      pid=$(tr -dc 0-9 <"$f")
      if is_running "$pid"; then
        err "$S already has running daemons (${f##*/}: $pid); run '$PROG stop $S' first"
        exit 1
      fi
    done
  fi
  # Finish any cleanup a previous run left undone, then start from fresh subdirectories
  # (an old printers.conf would bring back a queue whose cups-pdf config is gone).
  cleanup_outside "" ""
  rm -rf "$S/pids" "$S/logs" "$S/xvfb" "$S/cups" "$S/cups-pdf" "$S/pcscd" "$S/sane" \
    "$S/postgres"
  rm -f "$S/env" "$S/env.tmp"
  mkdir -p "$S/pids" "$S/logs"
  trap on_start_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  start_xvfb
  start_cupsd
  start_pcscd
  setup_sane
  setup_postgres

  printf '%s\n' "${ENV_LINES[@]}" >"$S/env.tmp"
  mv "$S/env.tmp" "$S/env"
  trap - EXIT INT TERM
}

# ---------------------------------------------------------------------------- main

[ $# -eq 2 ] || usage
case $2 in
  /*) dir=$2 ;;
  *) dir=$PWD/$2 ;;
esac
# Absolute and normalised; reject characters that CUPS or cups-pdf configuration lines (and
# cups-pdf's unquoted `cp` call) cannot carry.
dir=$(realpath -m -- "$dir")
if [[ ! $dir =~ ^/[A-Za-z0-9_./+-]*$ ]] || [ "$dir" = / ]; then
  err "STATE_DIR must be a directory path of letters, digits and _ . / + - only: $dir"
  exit 2
fi
S=$dir

case $1 in
  start) cmd_start ;;
  stop) cmd_stop ;;
  *) usage ;;
esac
