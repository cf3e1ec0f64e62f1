#!/usr/bin/env bash
# Retakes the README screenshots (assets/console.png, log-window.png, console-dark.png, service-detail.png,
# deployment-log.png) from the real console in a real window under Xvfb: the first-run embedded demo agent, a
# rebuild's log, a detached log window, a service's detail, every service's log at once.
# Needs xvfb and libgtk-3-0 (apt-get install -y xvfb libgtk-3-0); installs them when missing and run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v xvfb-run >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq xvfb libgtk-3-0; else
    echo "xvfb-run is missing: apt-get install -y xvfb libgtk-3-0" >&2; exit 2; fi
fi
xvfb-run -a -s "-screen 0 1440x900x24" ./mvnw -B -ntp -Pwindow test -Dcheckstyle.skip \
  -Dtest=ScreenshotsTest -Dexcluded.groups= -Dgroups=screenshots -Dsurefire.failIfNoSpecifiedTests=false
ls -l assets/*.png
