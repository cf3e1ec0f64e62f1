#!/usr/bin/env bash
# Builds the Linux app image and .deb with installer/build.sh and proves them; .ci/run runs it after the tests.
#  1. the image: a trimmed runtime with bin/java, JavaFX's Linux jars (the ones with classes), both launchers
#  2. packaged `capstan --version` prints the build's version
#  3. packaged `capstan-agent` serves the demo set on a free port with a temporary state folder, answers
#     /api/v1/health, its demo services start (with the runtime's own java), and SIGTERM stops it cleanly
#  4. packaged console opens its window under Xvfb; a screenshot (target/installer-check/console.png) has content
#  5. neither wrote anything inside the installation folder (checked against a listing taken before), and the
#     console's embedded agent left no process behind after SIGTERM, nor after SIGKILL (its lifeline stopped them)
#  6. the .deb declares GTK, installs with apt, its launchers run, the agent runs as the service would (as the
#     capstan user with the unit's ExecStart), and it removes cleanly
# Needs: xvfb-run, xwininfo (x11-utils), import/identify (imagemagick), curl, fakeroot, dpkg-deb, root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "check: $*"; }
fail() {
  echo "check: FAIL: $*" >&2
  exit 1
}

# Polls a condition (a command) every half second until it holds or the time is up: waiting, not sleeping.
wait_for() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

# Processes whose working folder is under $1 (the demo services run in their deployment folders).
processes_in() {
  local p cwd
  for p in /proc/[0-9]*; do
    cwd="$(readlink "$p/cwd" 2>/dev/null)" || continue
    case "$cwd" in "$1"/*) echo "${p#/proc/}" ;; esac
  done
}

# True once the agent at $1 (token $2) has four succeeded jobs: the demo set's autostarted services are up.
autostarted() {
  [ "$(curl -fsS -H "Authorization: Bearer $2" "$1/api/v1/jobs" | grep -o '"status":"succeeded"' | wc -l)" -ge 4 ]
}

# --- run inside xvfb-run: start the console, wait for its window, take a screenshot that has content ---
if [ "${1:-}" = --console-under-x ]; then
  image=$2 work=$3 shot=$4 colours=0 deviation=0
  (cd "$image" && exec bin/capstan) >"$work/console.out" 2>"$work/console.err" &
  pid=$!
  window_shown() { xwininfo -root -tree | grep -E '"Capstan": \(' | grep -qE '\) +[0-9]{3,}x[0-9]{3,}'; }
  wait_for 90 window_shown || fail "no Capstan window within 90 s (console.err: $(tail -5 "$work/console.err"))"
  # The embedded agent is up once it logs where it listens; the window then shows "This computer" and its data.
  wait_for 60 grep -q "listening on" "$work/console.err" || fail "the console's embedded agent did not start"
  # Then its demo services: once their start jobs succeed, the window has live rows worth a picture.
  url="$(sed -n 's/.* listening on \(http[^ ]*\).*/\1/p' "$work/console.err" | head -1)"
  token="$(cat "$XDG_STATE_HOME/capstan/embedded-agent/agent.token")"
  wait_for 90 autostarted "$url" "$token" || fail "the embedded agent's demo services did not start"
  geometry="$(xwininfo -root -tree | grep -E '"Capstan": \(' | grep -oE '[0-9]{3,}x[0-9]{3,}\+[0-9]+\+[0-9]+' | head -1)"
  has_content() {
    import -window root -crop "$geometry" +repage "$shot" 2>/dev/null || return 1
    colours="$(identify -format '%k' "$shot")"
    deviation="$(identify -format '%[fx:int(1000*standard_deviation)]' "$shot")"
    # A blank or single-colour window has a handful of colours; drawn text and controls have hundreds.
    [ "$colours" -ge 100 ] && [ "$deviation" -ge 50 ]
  }
  # The status bar's right end shows one chip per connected agent ("This computer  live"); it is empty before.
  read -r w h x y <<<"$(tr 'x+' '  ' <<<"$geometry")"
  chip_shown() {
    import -window root -crop "300x24+$((x + w - 300))+$((y + h - 24))" +repage "$work/chip.png" 2>/dev/null || return 1
    [ "$(identify -format '%k' "$work/chip.png")" -ge 20 ]
  }
  wait_for 60 chip_shown || fail "the console never showed its embedded agent in the status bar"
  # Then its deployments under "This computer" in the tree (the rows below the agent's), for a picture with data.
  # Only waited for, not required: the spot depends on the layout, which may change.
  rows_shown() {
    import -window root -crop "250x55+$((x + 20))+$((y + 160))" +repage "$work/rows.png" 2>/dev/null || return 1
    [ "$(identify -format '%k' "$work/rows.png")" -ge 20 ]
  }
  wait_for 60 rows_shown || log "warning: no deployment rows seen in the tree; screenshot taken anyway"
  wait_for 30 has_content || fail "console window $geometry looks blank: $colours colours, deviation $deviation/1000"
  log "console window $geometry: $colours colours, standard deviation $deviation/1000 -> $shot"
  kill -TERM "$pid"
  wait "$pid" || true
  exit 0
fi

# --- run inside xvfb-run: start the console, wait for its demo services and its lifeline, then SIGKILL it ---
if [ "${1:-}" = --console-killed-under-x ]; then
  image=$2 work=$3
  (cd "$image" && exec bin/capstan) >"$work/killed.out" 2>"$work/killed.err" &
  # The state folder's job history already has step 4's succeeded starts: wait for the four services' processes.
  four_services() { [ "$(processes_in "$work" | wc -l)" -ge 4 ]; }
  wait_for 120 four_services || fail "the console's demo services did not start (console: $(tail -5 "$work/killed.err"))"
  lifeline() { pgrep -f "io.capstan.agent.lifeline.LifelineMain .*$XDG_STATE_HOME/capstan/embedded-agent" | head -1; }
  lifeline_runs() { [ -n "$(lifeline)" ]; }
  wait_for 30 lifeline_runs || fail "the console started no lifeline"
  # The console's JVM is the pid the lifeline was given (the launcher's own pid, unless it forked one).
  console="$(tr '\0' ' ' <"/proc/$(lifeline)/cmdline" | sed -n 's/.*LifelineMain \([0-9]*\) .*/\1/p')"
  kill -KILL "$console"
  wait || true
  exit 0
fi

started=$SECONDS
out=target/installer
report=target/installer-check
rm -rf "$report"
mkdir -p "$report"
work="$(mktemp -d)"
agent_pid=
cleanup() {
  [ -n "$agent_pid" ] && kill -TERM "$agent_pid" 2>/dev/null || true
  for p in $(processes_in "$work"); do kill -KILL "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Waits for an agent started with its output in $1 and errors in $2 to say where it listens, checks its health,
# and prints its URL; $3 names it in failures.
healthy_agent_url() {
  wait_for 60 grep -q "^capstan agent listening on " "$1" \
    || fail "$3 did not report its address (stderr: $(tail -5 "$2"))"
  local address answer
  address="$(sed -n 's/^capstan agent listening on //p' "$1")"
  answer="$(curl -fsS "$address/api/v1/health")"
  [ "$answer" = '{"status":"ok"}' ] || fail "$3's health answered '$answer'"
  echo "$address"
}

# --- 1. build: the app image, then the .deb from it (gzip: xz takes minutes on two busy cores; releases keep xz) ---
build_started=$SECONDS
DPKG_DEB_COMPRESSOR_TYPE=gzip installer/build.sh deb 2>&1 | tee "$report/build.log"
build_secs=$((SECONDS - build_started))  # image and .deb together
image_secs="$(sed -n 's/.*built in \([0-9]*\)s$/\1/p' "$report/build.log" | head -1)"
deb_secs="$(sed -n 's/.*built in \([0-9]*\)s$/\1/p' "$report/build.log" | tail -1)"
image="$PWD/$out/capstan"
deb="$(ls "$out"/capstan_*.deb)"
version="$(sed -n 's/^version=//p' target/classes/capstan-version.properties)"

[ -x "$image/bin/capstan" ] && [ -x "$image/bin/capstan-agent" ] || fail "launchers missing in $image/bin"
[ -x "$image/lib/runtime/bin/java" ] || fail "the runtime has no bin/java (the demo set needs it)"
[ ! -e "$image/lib/runtime/include" ] || fail "the runtime was not trimmed (header files present)"
fx=0
for jar in "$image"/lib/app/lib/javafx-*.jar; do
  case "$jar" in *-linux.jar) ;; *) fail "$(basename "$jar") is not a Linux JavaFX jar" ;; esac
  classes="$(unzip -Z1 "$jar" | grep -c '\.class$' || true)"
  [ "$classes" -gt 0 ] || fail "$(basename "$jar") has no classes"
  fx=$((fx + 1))
done
[ "$fx" -eq 4 ] || fail "expected 4 JavaFX jars (base, controls, fxml, graphics), found $fx"
image_mb="$(du -sm "$image" | cut -f1)"
runtime_mb="$(du -sm "$image/lib/runtime" | cut -f1)"
deb_mb="$(du -m "$deb" | cut -f1)"
log "image $image: ${image_mb} MB (runtime ${runtime_mb} MB); $fx JavaFX Linux jars with classes"

# Everything the packaged programs write must land in these folders, never in the installation folder.
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data"
export XDG_CACHE_HOME="$work/cache" JAVA_TOOL_OPTIONS="-Duser.home=$work/home"
mkdir -p "$HOME"
(cd "$image" && find . -printf '%P %s %T@ %m\n' | sort) >"$work/before"

# --- 2. version ---
printed="$(cd "$image" && bin/capstan --version 2>/dev/null)"
[ "$printed" = "capstan $version (protocol v1)" ] || fail "capstan --version printed '$printed'"
log "packaged capstan --version: $printed"

# --- 2b. the class-data archive (decision record 106): mapped where it was made, ignored where it does not match ---
[ -s "$image/lib/app/capstan.jsa" ] || fail "the image has no class-data archive (lib/app/capstan.jsa)"
grep -q 'java-options=-XX:SharedArchiveFile=$APPDIR/capstan.jsa' "$image/lib/app/capstan.cfg" \
  || fail "the console's launcher does not name the class-data archive"
archived_classes() { # $1: the image; prints how many classes capstan --version took from the archive
  (cd "$1" && _JAVA_OPTIONS="-Xlog:class+load=info:file=$work/cds.log" bin/capstan --version >/dev/null 2>&1) \
    || fail "capstan --version failed in $1"
  grep -c 'shared objects file (top)' "$work/cds.log" || true
}
in_place="$(archived_classes "$image")"
[ "$in_place" -gt 100 ] || fail "capstan --version took $in_place classes from the image's class-data archive"
# A copy elsewhere (a relocated or half-updated installation) does not match the archive: it must still start.
cp -a "$image" "$work/moved"
printed="$(cd "$work/moved" && bin/capstan --version 2>/dev/null)"
[ "$printed" = "capstan $version (protocol v1)" ] || fail "a moved image printed '$printed' (a mismatched archive must be ignored)"
moved="$(archived_classes "$work/moved")"
rm -rf "$work/moved"
log "class-data archive $(du -h "$image/lib/app/capstan.jsa" | cut -f1): $in_place classes mapped in place, $moved in a moved copy (which still starts)"

# --- 3. the agent: demo set, free port, temporary state folder; health; services start; SIGTERM ---
agent_started=$SECONDS
(cd "$image" && exec bin/capstan-agent --demo --port 0 --state-dir "$work/agent-state") \
  >"$work/agent.out" 2>"$work/agent.err" &
agent_pid=$!
url="$(healthy_agent_url "$work/agent.out" "$work/agent.err" "the packaged agent")"
log "packaged agent at $url answered health in $((SECONDS - agent_started)) s"
token="$(cat "$work/agent-state/agent.token")"
# The demo set autostarts four services; each start job succeeds once its process (the runtime's java) stays up.
wait_for 90 autostarted "$url" "$token" || fail "demo services did not start: $(curl -sS -H "Authorization: Bearer $token" "$url/api/v1/jobs")"
[ -f "$work/state/capstan/demo-deployments/shop/capstan.yaml" ] || fail "demo set not copied to XDG_STATE_HOME"
kill -TERM "$agent_pid"
rc=0
wait "$agent_pid" || rc=$?
agent_pid=
# A JVM that ran its shutdown hooks after SIGTERM exits with 143 (128+15), which the unit counts as success.
[ "$rc" = 143 ] || [ "$rc" = 0 ] || fail "agent exited with $rc after SIGTERM"
grep -q "capstan agent stopped" "$work/agent.err" || fail "agent did not log a clean stop"
[ -z "$(processes_in "$work")" ] || fail "demo services outlived the agent: $(processes_in "$work")"
log "packaged agent: 4 demo services started, SIGTERM -> exit $rc, no process left"

# --- 3b. the packaged agent over HTTPS: its certificate made by the runtime's own keytool, pinned by the packaged CLI ---
mkdir -p "$work/empty-root"
(cd "$image" && exec bin/capstan-agent --root "$work/empty-root" --tls --port 0 --state-dir "$work/tls-state") \
  >"$work/tls.out" 2>"$work/tls.err" &
agent_pid=$!
wait_for 60 grep -q "^tls certificate SHA-256 fingerprint: " "$work/tls.out" \
  || fail "the packaged agent --tls printed no fingerprint (stderr: $(tail -5 "$work/tls.err"))"
tls_url="$(sed -n 's/^capstan agent listening on //p' "$work/tls.out")"
fingerprint="$(sed -n 's/^tls certificate SHA-256 fingerprint: //p' "$work/tls.out")"
case "$tls_url" in https://*) ;; *) fail "the packaged agent --tls listens on '$tls_url'" ;; esac
# The pin is saved with the connections, in a config folder of its own: a saved connection in the shared one would
# make the console of step 4 open it instead of starting its embedded agent.
(cd "$image" && XDG_CONFIG_HOME="$work/tls-config" bin/capstan trust "$tls_url" -c tls-check --fingerprint "$fingerprint" \
  --token-file "$work/tls-state/agent.token") >"$work/trust.out" 2>&1 || fail "capstan trust failed: $(cat "$work/trust.out")"
grep -q '"pin"' "$work/tls-config/capstan/connections.json" || fail "capstan trust saved no pin with the connection"
(cd "$image" && XDG_CONFIG_HOME="$work/tls-config" bin/capstan status -c tls-check) >"$work/tls-status.out" 2>&1 \
  || fail "capstan status over the pinned HTTPS connection failed: $(cat "$work/tls-status.out")"
kill -TERM "$agent_pid"
wait "$agent_pid" || true
agent_pid=
log "packaged agent --tls: certificate generated, fingerprint ${fingerprint:0:23}... pinned by capstan trust, status answered"

# --- 4. the console under Xvfb ---
console_started=$SECONDS
xvfb-run -a -s "-screen 0 1440x900x24" "$0" --console-under-x "$image" "$work" "$PWD/$report/console.png"
[ -z "$(processes_in "$work")" ] || fail "the console's demo services outlived it: $(processes_in "$work")"
[ -f "$work/state/capstan/embedded-agent/agent.token" ] || fail "embedded agent state not under XDG_STATE_HOME"
[ -n "$(find "$work/cache/capstan/openjfx" -name 'libglass*.so' 2>/dev/null)" ] \
  || fail "JavaFX natives not unpacked under XDG_CACHE_HOME/capstan/openjfx"
[ ! -e "$work/home/.openjfx" ] || fail "JavaFX unpacked into ~/.openjfx instead of the cache folder"
log "packaged console: window shown and drawn in $((SECONDS - console_started)) s; no process left after SIGTERM"

# --- 4b. the console killed with SIGKILL: its lifeline stops the demo services (decision record 165) ---
killed_at=$SECONDS
xvfb-run -a -s "-screen 0 1440x900x24" "$0" --console-killed-under-x "$image" "$work"
services_gone() { [ -z "$(processes_in "$work")" ]; }
wait_for 60 services_gone || fail "the killed console's demo services outlived it: $(processes_in "$work")"
lifeline_log="$work/state/capstan/embedded-agent/lifeline.log"
grep -q "stopped the leftover web" "$lifeline_log" 2>/dev/null || fail "the lifeline did not say it stopped web: $(cat "$lifeline_log" 2>&1)"
log "packaged console killed with SIGKILL: its lifeline stopped the demo services in $((SECONDS - killed_at)) s"

# --- 5. nothing written inside the installation folder ---
(cd "$image" && find . -printf '%P %s %T@ %m\n' | sort) >"$work/after"
diff "$work/before" "$work/after" >&2 || fail "files changed inside the installation folder (above)"
log "installation folder unchanged; state and settings went to: $(cd "$work" && find state config cache -mindepth 2 -maxdepth 2 2>/dev/null | tr '\n' ' ')"
unset JAVA_TOOL_OPTIONS

# --- 6. the .deb ---
depends="$(dpkg-deb -f "$deb" Depends)"
case "$depends" in *libgtk-3-0*) ;; *) fail "$deb does not depend on libgtk-3-0: $depends" ;; esac
contents="$(dpkg-deb -c "$deb")"
for f in ./opt/capstan/bin/capstan ./opt/capstan/bin/capstan-agent ./opt/capstan/lib/systemd/capstan-agent.service \
  ./opt/capstan/lib/systemd/capstan-agent.default ./opt/capstan/lib/capstan-capstan.desktop ./opt/capstan/lib/capstan-capstan-agent.desktop; do
  grep -q " $f\$" <<<"$contents" || fail "$deb lacks $f"
done
deb_install_started=$SECONDS
as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends --reinstall "$PWD/$deb" >"$report/apt-install.log" 2>&1 \
  || { cat "$report/apt-install.log" >&2; fail "apt-get install $deb failed"; }
printed="$(/usr/bin/capstan --version 2>/dev/null)"
[ "$printed" = "capstan $version (protocol v1)" ] || fail "installed /usr/bin/capstan --version printed '$printed'"
installed="$(archived_classes /opt/capstan)"
[ "$installed" -gt 100 ] || fail "the installed console took $installed classes from its archive (postinst makes it)"
getent passwd capstan >/dev/null || fail "the .deb did not create the capstan user"
unit=/lib/systemd/system/capstan-agent.service
[ -f "$unit" ] || fail "the .deb did not install $unit"
[ -f /etc/default/capstan-agent ] \
  || fail "the .deb did not install the service's options file /etc/default/capstan-agent"
cmp -s /opt/capstan/lib/capstan.png assets/icons/capstan-256.png || fail "the menu entry's icon is not Capstan's"
grep -q '^NoDisplay=true' /opt/capstan/lib/capstan-capstan-agent.desktop || fail "the agent has a menu entry"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$unit" 2>&1 | grep -v "^$" >&2 || true
fi
# Run the unit's ExecStart as the unit would (its user and environment), on a free port instead of 7417.
exec_start="$(sed -n 's/^ExecStart=//p' "$unit" | sed 's/ \$CAPSTAN_AGENT_OPTS//')"
read -r -a service_cmd <<<"$exec_start"
# setpriv and env exec (no process in between), so the PID below is the agent's own (or sudo's, which passes
# signals on). Not through the as_root function: a function run with & is a subshell, whose PID is not the agent's,
# and a SIGTERM to it would leave the agent running.
sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" setpriv --reuid capstan --regid capstan --init-groups \
  env -i PATH=/usr/bin:/bin CAPSTAN_HOME=/var/lib/capstan "${service_cmd[@]}" --port 0 \
  >"$work/service.out" 2>"$work/service.err" &
service_pid=$!
url="$(healthy_agent_url "$work/service.out" "$work/service.err" "the installed agent")"
[ "$(stat -c %U /var/lib/capstan/agent/agent.token)" = capstan ] || fail "service state not owned by capstan"
[ "$(stat -c %a /var/lib/capstan/agent)" = 700 ] || fail "service state folder is not private (0700)"
as_root kill -TERM "$service_pid"
rc=0
wait "$service_pid" || rc=$?
[ "$rc" = 143 ] || [ "$rc" = 0 ] || fail "installed agent exited with $rc after SIGTERM"
if pgrep -u capstan -f '/opt/capstan/bin/capstan-agent' >/dev/null; then
  pkill -KILL -u capstan -f '/opt/capstan/bin/capstan-agent' || true
  fail "the installed agent was still running after SIGTERM"
fi
log "installed .deb: /usr/bin/capstan --version ok; '${exec_start}' as user capstan answered health; exit $rc"
as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 purge -y -q capstan >"$report/apt-purge.log" 2>&1 \
  || { cat "$report/apt-purge.log" >&2; fail "apt-get purge capstan failed"; }
[ ! -e /opt/capstan ] && [ ! -e /usr/bin/capstan ] && [ ! -e "$unit" ] && [ ! -e /etc/default/capstan-agent ] || fail "purge left files behind"
log ".deb installed, ran and purged in $((SECONDS - deb_install_started)) s"

summary="app image ${image_mb} MB (runtime ${runtime_mb} MB) built in ${image_secs} s; .deb ${deb_mb} MB (gzip) built in ${deb_secs} s (both ${build_secs} s); whole check $((SECONDS - started)) s"
echo "$summary" >"$report/summary.txt"
log "OK: $summary"
