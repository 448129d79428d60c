#!/usr/bin/env bash
# Stops the emulators start-emulators.sh launched (by their PID files under infra/local/.data):
# SIGTERM, then SIGKILL after EMULATOR_STOP_TIMEOUT seconds (default 10; Azurite with a loaded store can
# ignore SIGTERM for half a minute). Emulators started some other way are left alone.
#
#   bash infra/local/stop-emulators.sh [azurite] [cosmos]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
  -h | --help)
    sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
esac

omnihub_select_emulators "$@"
for name in "${OMNIHUB_SELECTED[@]}"; do
  omnihub_stop_emulator "$name"
done
