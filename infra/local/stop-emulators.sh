#!/usr/bin/env bash
# Stops the emulators start-emulators.sh launched (by their PID files under infra/local/.data):
# SIGTERM, then SIGKILL after EMULATOR_STOP_TIMEOUT seconds (default 10; Azurite with a loaded store can
# ignore SIGTERM for half a minute). Emulators started some other way are left alone.
#
#   bash infra/local/stop-emulators.sh [azurite] [cosmos]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
  -h | --help)
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"
    exit 0
    ;;
esac

omnihub_select_emulators "$@"
for name in "${OMNIHUB_SELECTED[@]}"; do
  omnihub_stop_emulator "$name"
done
