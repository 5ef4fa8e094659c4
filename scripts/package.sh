#!/usr/bin/env bash
# Builds the Debian packages koffer (kit notebook) and koffer-townhall into build/package/.
# The design and its reasons are in packaging/README.md. Environment knobs:
#   KOFFER_PACKAGE_DIR   output and cache directory (default build/package)
#   KOFFER_DEB_REVISION  Debian revision appended to the project version (default 1)
#   KOFFER_DEB_LEVEL     xz compression level, 0-9 (default 6; the CI check uses 1)
#   KOFFER_DEB_MAINTAINER  the packages' Maintainer (default: the Koffer team)
set -Eeuo pipefail
trap 'echo "error: ${BASH_SOURCE[0]##*/} line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
umask 022
export LC_ALL=C.UTF-8 PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# The packaged virtualenv runs on Debian's interpreter: extension modules are built for its
# ABI (cp311), so the package depends on python3.11 itself, not on whatever python3 becomes.
python=/usr/bin/python3.11
prefix=/opt/koffer
out=$(realpath -m "${KOFFER_PACKAGE_DIR:-build/package}")
revision=${KOFFER_DEB_REVISION:-1}
level=${KOFFER_DEB_LEVEL:-6}

scripts/system-deps.sh package
started=$(date +%s)
step() { echo "== [$(($(date +%s) - started)) s] $*"; }

work=$out/work
cache=$out/cache
export PIP_CACHE_DIR=$cache/pip
rm -rf "$work" "$out"/*.deb
mkdir -p "$work" "$cache"

version=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
debversion=$version-$revision
# Reproducible timestamps: the last commit's time (or now, outside a git checkout).
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH

# --- build tools: a pip of our own on Debian's interpreter, kept in the cache ---------------
tools=$cache/tools
if [ ! -x "$tools/bin/pip" ]; then
  "$python" -m venv "$tools"
  "$tools/bin/pip" install --quiet --upgrade pip
fi
pip=("$tools/bin/pip" --quiet)

# --- a clean copy of the sources: what git would see, so no stale build/ output leaks in ---
src=$work/src
mkdir -p "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$src"
else
  tar --exclude=./build --exclude=./.venv -cf - . | tar -xf - -C "$src"
fi

# --- requirements: the runtime dependencies (with the fprint extra), no test or dev tools ---
"$python" - "$src/pyproject.toml" >"$work/requirements.txt" <<'EOF'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
print("\n".join([*project["dependencies"], *project["optional-dependencies"]["fprint"]]))
EOF
# Pinned to the versions the test suite ran against, when its virtualenv is there.
: >"$work/constraints.txt"
if [ -x .venv/bin/python ]; then
  .venv/bin/python -m pip freeze --exclude-editable 2>/dev/null |
    grep -viE '^(pip|setuptools|wheel)==' >"$work/constraints.txt" || true
else
  echo "note: no .venv; dependencies are the newest the version ranges in pyproject.toml allow"
fi

wheels=$work/wheels
step "wheels (cache: $PIP_CACHE_DIR)"
"${pip[@]}" wheel --wheel-dir "$wheels" -r "$work/requirements.txt" -c "$work/constraints.txt"

# --- the virtualenv, built in the staging tree and made to live at /opt/koffer ---------------
stage=$work/stage
kit=$stage/koffer
venv=$kit$prefix
step "virtualenv"
"$python" -m venv --without-pip "$venv"
install_into_venv() {
  "${pip[@]}" --python "$venv/bin/python" install --no-index --find-links "$wheels" \
    --no-compile --no-warn-script-location "$@"
}
install_into_venv -r "$work/requirements.txt" -c "$work/constraints.txt"

step "koffer $version"
# Translations are built from the .ts sources with the lrelease of the packaged PySide6.
(cd "$src" && "$venv/bin/python" -c \
  'import pathlib, sys; sys.path.insert(0, "."); from koffer.ui.i18n import build
build(pathlib.Path("resources/translations"))')
"${pip[@]}" wheel --no-deps --wheel-dir "$wheels" "$src"
install_into_venv --no-deps "koffer==$version"
for ts in "$src"/resources/translations/*.ts; do
  qm=$(basename "$ts" .ts).qm
  [ -f "$venv/lib/python3.11/site-packages/koffer/resources/translations/$qm" ] ||
    { echo "error: $qm missing from the package" >&2; exit 1; }
done

step "relocation to $prefix, byte code"
# Every path the staging tree wrote (shebangs, pyvenv.cfg, activate scripts) becomes /opt/koffer.
grep -rlF --null "$venv" "$venv/bin" "$venv/pyvenv.cfg" | xargs -0 -r sed -i "s|$venv|$prefix|g"
# Byte code is compiled here, for the installed paths (tracebacks name /opt/koffer), and is
# never checked against the sources: dpkg owns both, and kit users cannot write /opt.
"$python" -m compileall -q -f -j 0 --invalidation-mode unchecked-hash \
  -s "$kit" -p / "$venv/lib" >"$work/compileall.log" || {
  # A few wheels carry templates or test data that are not Python 3.11; those stay source.
  echo "not compiled (kept as source):"
  sed -n "s|^\*\*\* Error compiling '$venv/lib/python3.11/site-packages/\(.*\)'.*|  \1|p" \
    "$work/compileall.log"
}
# Modes as dh_fixperms would leave them: no execute bits on shared libraries, nor on files
# that are neither programs nor scripts.
find "$venv/lib" -type f \( -name '*.so' -o -name '*.so.*' \) -exec chmod 0644 {} +
find "$venv/lib" -type f -perm /111 -print0 | while IFS= read -r -d '' f; do
  case "$(head -c4 "$f" | tr -d '\0')" in $'\x7fELF' | '#!'*) ;; *) chmod a-x "$f" ;; esac
done
leaks=$(grep -rlF "$work" "$venv" || true)
if [ -n "$leaks" ]; then
  echo "error: build paths left in the package:" >&2
  echo "$leaks" | head -20 >&2
  exit 1
fi

step "files"
# --- the rest of the kit package --------------------------------------------------------------
p=packaging/koffer
install -d "$kit/usr/bin" "$kit/usr/share/applications" "$kit/usr/share/man/man1" \
  "$kit/usr/share/icons/hicolor/scalable/apps" "$kit/lib/udev/rules.d" \
  "$kit/usr/share/user-tmpfiles.d" "$kit/usr/share/lintian/overrides" "$kit/usr/lib/systemd/user"
ln -s "$prefix/bin/koffer" "$kit/usr/bin/koffer"
install -m 0644 $p/koffer.desktop "$kit/usr/share/applications/"
install -m 0644 $p/koffer.svg "$kit/usr/share/icons/hicolor/scalable/apps/"
install -m 0644 $p/70-koffer.rules "$kit/lib/udev/rules.d/"
install -m 0644 $p/koffer-delivery.service "$kit/usr/lib/systemd/user/"
install -m 0644 $p/user-tmpfiles.conf "$kit/usr/share/user-tmpfiles.d/koffer.conf"
install -m 0644 $p/lintian-overrides "$kit/usr/share/lintian/overrides/koffer"
gzip -9n <$p/koffer.1 >"$kit/usr/share/man/man1/koffer.1.gz"

th=$stage/koffer-townhall
q=packaging/koffer-townhall
install -d "$th/lib/systemd/system" "$th/etc/koffer-townhall" "$th/usr/share/lintian/overrides" \
  "$th/usr/share/doc/koffer-townhall"
install -m 0644 $q/koffer-townhall.service "$th/lib/systemd/system/"
# Read by systemd as root before the service drops to its user: nobody else needs it.
install -m 0600 $q/townhall.env "$th/etc/koffer-townhall/townhall.env"
install -m 0644 $q/lintian-overrides "$th/usr/share/lintian/overrides/koffer-townhall"
install -m 0644 $q/README.Debian "$th/usr/share/doc/koffer-townhall/"

# --- control files ----------------------------------------------------------------------------
# Depends on shared libraries: what dpkg-shlibdeps finds for the ELF files of the wheels that
# Koffer loads (packaging/koffer/shlibs-skip names the rest), the wheels' own bundled
# libraries searched first. It takes most of a minute, so the answer is kept per wheel set.
shlibs_depends() {
  local site=$venv/lib/python3.11/site-packages key elfs=() libdirs=()
  key=$( (ls "$wheels" | grep -v '^koffer-'; cat packaging/koffer/shlibs-skip /etc/debian_version) |
    sha256sum | cut -c1-16)
  if [ ! -s "$cache/shlibs-$key" ]; then
    mapfile -t elfs < <("$python" packaging/elf_files.py "$site" packaging/koffer/shlibs-skip)
    mapfile -t libdirs < <(printf '%s\n' "${elfs[@]}" | xargs -r -n1 dirname | sort -u)
    mkdir -p "$work/shlibs/debian"
    printf 'Source: koffer\n\nPackage: koffer\nArchitecture: amd64\n' >"$work/shlibs/debian/control"
    (cd "$work/shlibs" && dpkg-shlibdeps -O --ignore-missing-info "${libdirs[@]/#/-l}" \
      "${elfs[@]}" 2>"$work/shlibdeps.log") | sed -n 's/^shlibs:Depends=//p' >"$cache/shlibs-$key" ||
      { grep error "$work/shlibdeps.log" >&2; rm -f "$cache/shlibs-$key"; return 1; }
  fi
  cat "$cache/shlibs-$key"
}
changelog() { # package
  printf '%s (%s) unstable; urgency=medium\n\n  * Built from the Koffer sources, version %s.\n\n -- %s  %s\n' \
    "$1" "$debversion" "$version" "$maintainer" "$(date -R -u -d "@$SOURCE_DATE_EPOCH")" | gzip -9n
}
control() { # package stage-dir depends copyright
  local dir=$2/DEBIAN docs=$2/usr/share/doc/$1 script
  install -d "$docs"
  changelog "$1" >"$docs/changelog.Debian.gz"
  install -m 0644 "$4" "$docs/copyright"
  install -d "$dir"
  sed -e "s|@VERSION@|$debversion|g" -e "s|@DEPENDS@|$3|" -e "s|@MAINTAINER@|$maintainer|" \
    -e "s|@INSTALLED_SIZE@|$(du -sk --apparent-size --exclude=DEBIAN "$2" | cut -f1)|" \
    "packaging/$1/control" >"$dir/control"
  for script in postinst prerm postrm; do
    if [ -f "packaging/$1/$script" ]; then install -m 0755 "packaging/$1/$script" "$dir/"; fi
  done
  if [ -f "packaging/$1/conffiles" ]; then install -m 0644 "packaging/$1/conffiles" "$dir/"; fi
  (cd "$2" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z |
    xargs -0 md5sum >DEBIAN/md5sums)
}
step "control files"
maintainer=${KOFFER_DEB_MAINTAINER:-Koffer team <koffer@example.org>}
# The years of the sources' history; the kit's copyright file also names every Python
# distribution in /opt/koffer.
first=$(git log --reverse --format=%cd --date=format:%Y 2>/dev/null | sed -n 1p)
years=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y)
[ -z "$first" ] || [ "$first" = "$years" ] || years=$first-$years
sed "s|@YEARS@|$years|" packaging/copyright >"$work/copyright-townhall"
{ cat "$work/copyright-townhall"; "$venv/bin/python" packaging/bundled_licences.py; } >"$work/copyright"
kit_depends=$(shlibs_depends)
control koffer "$kit" "$kit_depends" "$work/copyright"
control koffer-townhall "$th" "" "$work/copyright-townhall"

# xz, as Debian's archive uses (lintian rejects zstd members); the level trades build time
# for download size. Owners are root:root without fakeroot (--root-owner-group).
step "dpkg-deb (xz -$level)"
for pkg in koffer koffer-townhall; do
  dpkg-deb --root-owner-group -Zxz -z"$level" --threads-max="$(nproc)" \
    --build "$stage/$pkg" "$out/${pkg}_${debversion}_amd64.deb" >/dev/null
done
rm -rf "$work"  # kept when a step fails, for a look at the staging tree
step "built"
ls -l "$out"/*.deb
