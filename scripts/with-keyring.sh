#!/usr/bin/env bash
# Run a command with an unlocked gnome-keyring Secret Service (call inside dbus-run-session).
set -euo pipefail
XDG_DATA_HOME="$(mktemp -d)"
export XDG_DATA_HOME
echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
exec "$@"
