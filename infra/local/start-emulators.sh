#!/usr/bin/env bash
# Starts the local emulators OmniHub needs, in the background, on 127.0.0.1, and waits until they answer:
#   Azurite (Blob 10000, Queue 10001, Table 10002, in memory) and the local Cosmos server (HTTPS 8081).
# Safe to run twice: a running emulator (ours, or one started by hand on the same ports) is reused.
#
#   bash infra/local/start-emulators.sh [--location DIR] [azurite] [cosmos]
#
# Ports and other settings: see the top of infra/local/lib.sh (AZURITE_BLOB_PORT, COSMOS_PORT, ...).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

names=()
while (($# > 0)); do
  case "$1" in
    --location)
      (($# >= 2)) || omnihub_die "--location needs a directory"
      AZURITE_LOCATION="$2" # read by lib.sh
      shift 2
      ;;
    --location=*)
      AZURITE_LOCATION="${1#--location=}" # read by lib.sh
      shift
      ;;
    -h | --help)
      awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *)
      names+=("$1")
      shift
      ;;
  esac
done

omnihub_validate_ports
omnihub_select_emulators "${names[@]}"
omnihub_ensure_node_modules
for name in "${OMNIHUB_SELECTED[@]}"; do
  omnihub_start_emulator "$name"
done
