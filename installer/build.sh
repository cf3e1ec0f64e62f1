#!/usr/bin/env bash
# Builds Capstan for the current OS with jpackage: a self-contained app image (its own trimmed Java runtime, no JDK
# needed on the target) with two launchers, the console `capstan` and the headless agent `capstan-agent`, and from
# that image the platform's installer.
#
#   installer/build.sh [app-image]   target/installer/capstan (Linux), Capstan (Windows), Capstan.app (macOS)
#   installer/build.sh deb           Linux: target/installer/capstan_<version>_<arch>.deb (needs fakeroot, dpkg-deb)
#   installer/build.sh msi           Windows: target/installer/Capstan-<version>.msi (needs WiX 3 on the PATH)
#   installer/build.sh dmg           macOS: target/installer/Capstan-<version>.dmg
#   installer/build.sh modules       prints the modules jdeps finds, to keep the runtime's module list current
#
# Needs a JDK 17+ with jpackage and jmods. The jar is built with the Maven wrapper when missing or older than the
# sources. Per-OS settings and jpackage resource overrides live in installer/<os>/; decision record 0015 says why.
set -euo pipefail
cd "$(dirname "$0")/.."
type="${1:-app-image}"
started=$SECONDS

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) echo "build.sh: unsupported OS $(uname -s)" >&2; exit 2 ;;
esac
case "$os/$type" in
  */app-image | */modules | linux/deb | windows/msi | macos/dmg) ;;
  *) echo "build.sh: cannot build '$type' on $os (app-image, and deb on Linux, msi on Windows, dmg on macOS)" >&2; exit 2 ;;
esac
command -v jpackage >/dev/null || { echo "build.sh: jpackage not found: use a JDK 17+ (not a JRE)" >&2; exit 2; }

# --- the jar and its runtime dependencies (target/capstan.jar, target/lib), as ./capstan builds them ---
jar=target/capstan.jar
if [ ! -f "$jar" ] || [ ! -d target/lib ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit)" ]; then
  echo "build.sh: building the jar..." >&2
  ./mvnw -B -ntp -q -DskipTests -Dcheckstyle.skip package >&2
fi
version="$(sed -n 's/^version=//p' target/classes/capstan-version.properties | tr -d '\r')"
# Installers want numbers only (msi: major.minor.build, each below 256/65536): 0.1.0-SNAPSHOT packages as 0.1.0.
app_version="${version%%-*}"
bundle_version="$app_version"
if [ "$os" = macos ] && [ "${app_version%%.*}" = 0 ]; then
  # macOS refuses a bundle version starting with 0, so 0.y.z is bundled as 1.y.z; the version users see
  # (CFBundleShortVersionString) and the .dmg's name are set back to 0.y.z below.
  bundle_version="1.${app_version#0.}"
fi

# --- per-OS settings ---
out=target/installer
case "$os" in
  linux) name=capstan; icon=assets/icons/capstan-256.png; image="$out/capstan" ;;
  windows) name=Capstan; icon=assets/icons/capstan.ico; image="$out/Capstan" ;;
  macos) name=Capstan; icon=assets/icons/capstan.icns; image="$out/Capstan.app" ;;
esac
# The trimmed runtime: what jdeps finds in the jar and its libraries (run installer/build.sh modules to recompute),
# plus jdk.crypto.ec for https agents (found by a provider lookup, invisible to jdeps).
modules="java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.scripting"
modules="$modules,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.unsupported"
# No --strip-native-commands: the demo deployments start services with the runtime's own bin/java.
# --compress=2 (zip) takes the runtime from 78 to 51 MB; start-up time did not measurably change.
# --generate-cds-archive: the runtime's own class-data archive (lib/server/classes.jsa), which a JDK has and a jlink'd
# runtime lacks unless asked: without it every JDK class is loaded and verified from the modules file at each start
# (decision record 54). JDK 17's jlink has the plugin.
jlink_options="--strip-debug --no-header-files --no-man-pages --compress=2 --generate-cds-archive"

if [ "$type" = modules ]; then
  # What the jar and its libraries use, to compare with the list above after a dependency upgrade.
  jdeps -q --multi-release 17 --ignore-missing-deps --print-module-deps --class-path 'target/lib/*' "$jar"
  exit 0
fi

# --- the console's application class-data archive (Linux; decision record 106) ---
# A training run: the packaged console starts for the first time under Xvfb (fresh folders, its embedded demo agent)
# with -XX:DumpLoadedClassList until it has drawn its deployments (the start-up marks say when), then stops. The list
# it leaves (lib/app/capstan.classlist) is made into an archive in place by lib/capstan-cds, which the .deb's postinst
# runs again where the package installs it (JDK 17 checks the archive's class path literally). The launcher maps the
# archive with -Xshare:auto: a missing, stale or mismatched archive only means the classes are loaded as before.
class_data_archive() {
  local image=$1 work list
  cp installer/linux/capstan-cds "$image/lib/capstan-cds"
  if ! command -v xvfb-run >/dev/null; then
    echo "build.sh: no xvfb-run: the image has no class-data archive (install xvfb for a faster first start)" >&2
    return 0
  fi
  work="$(mktemp -d)"
  list="$image/lib/app/capstan.classlist"
  # shellcheck disable=SC2016 # expanded by the inner shell
  if ! CAPSTAN_HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" \
      HOME="$work" _JAVA_OPTIONS="-XX:DumpLoadedClassList=$list -Dcapstan.startupMarks=true" \
      timeout 300 xvfb-run -a -s "-screen 0 1440x900x24" bash -c '
        "$1/bin/capstan" >"$2/console.out" 2>"$2/console.err" &
        pid=$!
        until grep -q "^capstan-mark interactive" "$2/console.out"; do
          kill -0 "$pid" 2>/dev/null || exit 1
          sleep 0.5
        done
        kill -TERM "$pid"
        wait "$pid" || true' training "$image" "$work" || [ ! -s "$list" ]; then
    echo "build.sh: the training start failed: no class-data archive ($(tail -3 "$work/console.err" 2>/dev/null))" >&2
    rm -rf "$work" "$list"
    return 0
  fi
  rm -rf "$work"
  if "$image/lib/capstan-cds" dump "$image" >&2; then
    # The option goes in only now: a launcher that names an archive file that is not there starts without the
    # runtime's own archive too (JDK 17), so an image without one must not name it.
    for opt in $(cat installer/cds.jvm-options); do
      echo "java-options=$opt" >>"$image/lib/app/capstan.cfg"
    done
    echo "build.sh: class-data archive $(du -h "$image/lib/app/capstan.jsa" | cut -f1) ($(wc -l <"$list") classes listed)" >&2
  fi
}

# --- the app image ---
stage="$out/input"
rm -rf "$out"
mkdir -p "$stage/lib"
cp "$jar" "$stage/"
for lib in target/lib/*.jar; do
  # Maven brings each JavaFX module twice: javafx-base-21.0.12.jar is an empty stand-in, the classes and natives
  # are in the platform jar (javafx-base-21.0.12-linux.jar, -win, -mac, -mac-aarch64). Only the latter go in.
  case "$(basename "$lib")" in
    javafx-*-[0-9]*-*.jar) ;;
    javafx-*.jar) continue ;;
  esac
  cp "$lib" "$stage/lib/"
done

# --icon goes to both stages: a package built from an image otherwise puts jpackage's default icon in its menu entry.
common=(--name "$name" --app-version "$bundle_version" --vendor "Capstan" --icon "$icon"
  --description "Capstan deployment console and agent" --copyright "Capstan contributors")
# The console's options (heap bounded, decision record 37; JIT, decision record 54) are in installer/console.jvm-options,
# shared with ./capstan and the benchmark; the agent launcher's own options are in its properties file.
console_java_options=()
for opt in $(cat installer/console.jvm-options); do console_java_options+=(--java-options "$opt"); done
app_args=(--type app-image --dest "$out" --input "$stage" --main-jar capstan.jar --main-class io.capstan.cli.Main
  "${console_java_options[@]}"
  --add-modules "$modules" --jlink-options "$jlink_options"
  --add-launcher "capstan-agent=installer/$os/capstan-agent.properties")
case "$os" in
  macos) app_args+=(--mac-package-identifier io.capstan.console --mac-package-name Capstan) ;;
  windows) app_args+=(--add-launcher "capstan-cli=installer/windows/capstan-cli.properties") ;;
esac
echo "build.sh: jpackage app-image ($name $app_version, $os)" >&2
jpackage "${common[@]}" "${app_args[@]}"
rm -rf "$stage"
# The archive for heaps over 32 GB (no compressed oops) is never used with the launchers' -Xmx: 11 MB less.
find "$image" -name classes_nocoops.jsa -delete
if [ "$os" = macos ] && [ "$bundle_version" != "$app_version" ]; then
  /usr/libexec/PlistBuddy -c "Set :CFBundleShortVersionString $app_version" "$image/Contents/Info.plist"
fi
if [ "$os" = linux ]; then
  # The systemd unit rides in the image; the .deb's postinst installs it (see installer/linux/postinst).
  mkdir -p "$image/lib/systemd"
  cp installer/linux/capstan-agent.service "$image/lib/systemd/"
  cp installer/linux/capstan-agent.default "$image/lib/systemd/"
fi
if [ "$os" = linux ] && [ "${CAPSTAN_CDS:-on}" != off ]; then
  class_data_archive "$image"
fi
image_secs=$((SECONDS - started))
echo "build.sh: app image $image: $(du -sh "$image" | cut -f1), built in ${image_secs}s" >&2
[ "$type" = app-image ] && exit 0

# --- the installer, from the image ---
pkg_started=$SECONDS
case "$type" in
  deb)
    # The image's archive fits only the image's own folder (JDK 17 checks the class path literally); the package gets the
    # runtime's base archive in its place, which postinst replaces with one made under /opt/capstan (decision record 106).
    if [ -f "$image/lib/app/capstan.jsa" ]; then
      mv "$image/lib/app/capstan.jsa" "$out/capstan.jsa.image"
      cp "$image/lib/runtime/lib/server/classes.jsa" "$image/lib/app/capstan.jsa"
      trap 'mv -f "$out/capstan.jsa.image" "$image/lib/app/capstan.jsa"' EXIT
    fi
    # JavaFX's native libraries sit inside its jars, so jpackage cannot see what they link against: these are the
    # packages of their direct NEEDED libraries (glass: GTK 3, Xtst; prism-es2: GL, Xxf86vm; fonts: freetype,
    # fontconfig, pango). jpackage adds what the runtime itself needs (libc6, zlib1g...).
    deps="libgtk-3-0, libxtst6, libgl1, libxxf86vm1, libfreetype6, libfontconfig1, libpangoft2-1.0-0"
    jpackage "${common[@]}" --type deb --dest "$out" --app-image "$image" --resource-dir installer/linux \
      --linux-package-name capstan --linux-package-deps "$deps" --linux-deb-maintainer "capstan@example.org" \
      --linux-app-category admin --linux-menu-group "Development;System;" --linux-shortcut \
      --about-url "https://github.com/capstan/capstan"
    ;;
  msi)
    # The upgrade code stays the same for every release, so a new .msi replaces the old one in place.
    jpackage "${common[@]}" --type msi --dest "$out" --app-image "$image" --resource-dir installer/windows \
      --win-upgrade-uuid 6f0d3c8e-2b1a-4c59-9a57-3d1f4f2a7c41 --win-dir-chooser \
      --win-menu --win-menu-group Capstan --win-shortcut --win-shortcut-prompt \
      --about-url "https://github.com/capstan/capstan"
    ;;
  dmg)
    jpackage "${common[@]}" --type dmg --dest "$out" --app-image "$image" --resource-dir installer/macos \
      --mac-package-identifier io.capstan.console --mac-package-name Capstan
    ;;
esac
if [ "$type" = dmg ] && [ "$bundle_version" != "$app_version" ]; then
  mv "$out/Capstan-$bundle_version.dmg" "$out/Capstan-$app_version.dmg"
fi
for f in "$out"/*."$type"; do
  echo "build.sh: $f: $(du -h "$f" | cut -f1), built in $((SECONDS - pkg_started))s" >&2
done
