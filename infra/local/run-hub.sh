#!/usr/bin/env bash
# Runs the OmniHub hub locally: installs the emulator packages if missing, starts Azurite and the local Cosmos server
# (or reuses ones already running), builds and starts OmniHub.Host on http://127.0.0.1:7071, and waits.
# Ctrl+C stops the host and the emulators this script started.
#
#   bash infra/local/run-hub.sh
#
# Environment: OMNIHUB_HOST_PORT=7071, ASPNETCORE_ENVIRONMENT=Development, plus the emulator settings at the top of
# infra/local/lib.sh. The host reads local.settings.json (copied from local.settings.sample.json when missing);
# this script points its storage and Cosmos settings at the emulators it runs.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$OMNIHUB_ROOT"

: "${OMNIHUB_HOST_PORT:=7071}"
: "${OMNIHUB_HOST_START_TIMEOUT:=90}"
: "${OMNIHUB_HOST_STOP_TIMEOUT:=15}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"

command -v dotnet >/dev/null 2>&1 || omnihub_die "dotnet is not installed (the .NET 10 SDK is needed)"
if ! [[ "$OMNIHUB_HOST_PORT" =~ ^[0-9]+$ ]] || ((OMNIHUB_HOST_PORT < 1 || OMNIHUB_HOST_PORT > 65535)); then
  omnihub_die "OMNIHUB_HOST_PORT='$OMNIHUB_HOST_PORT' is not a TCP port number"
fi
if omnihub_port_open "$OMNIHUB_HOST_PORT"; then
  omnihub_die "port $OMNIHUB_HOST_PORT (the hub's HTTP port) is in use by $(omnihub_port_owner "$OMNIHUB_HOST_PORT"). Stop it, or run with OMNIHUB_HOST_PORT=<another port>."
fi

if [[ ! -f local.settings.json ]]; then
  cp local.settings.sample.json local.settings.json
  omnihub_log "created local.settings.json from local.settings.sample.json (gitignored; put channel credentials there)"
fi

started_file="$(mktemp "${TMPDIR:-/tmp}/omnihub-started.XXXXXX")"
export OMNIHUB_STARTED_FILE="$started_file"
host_pid=""

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  trap - INT TERM
  if [[ -n "$host_pid" ]] && omnihub_pid_alive "$host_pid"; then
    omnihub_log "stopping the host (pid $host_pid)"
    kill -TERM "$host_pid" 2>/dev/null || true
    local waited=0
    while omnihub_pid_alive "$host_pid" && ((waited < OMNIHUB_HOST_STOP_TIMEOUT * 5)); do
      sleep 0.2
      waited=$((waited + 1))
    done
    if omnihub_pid_alive "$host_pid"; then
      omnihub_warn "host still running ${OMNIHUB_HOST_STOP_TIMEOUT}s after SIGTERM; sending SIGKILL"
      kill -KILL "$host_pid" 2>/dev/null || true
    fi
    wait "$host_pid" 2>/dev/null || true
  fi
  local -a started=()
  if [[ -f "$started_file" ]]; then
    mapfile -t started <"$started_file"
    rm -f "$started_file"
  fi
  if ((${#started[@]} > 0)); then
    bash "$OMNIHUB_LOCAL_DIR/stop-emulators.sh" "${started[@]}" || omnihub_warn "could not stop ${started[*]}"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash "$OMNIHUB_LOCAL_DIR/start-emulators.sh"
omnihub_export_emulator_env

omnihub_log "building OmniHub.Host"
dotnet build functions/OmniHub.Host --nologo --disable-build-servers -v quiet "-clp:ErrorsOnly;NoSummary"

# Environment variables beat local.settings.json: the host talks to the emulators started above.
export AzureWebJobsStorage="$OMNIHUB_STORAGE_CONNECTION"
export Cosmos__Endpoint="$OMNIHUB_COSMOS_ENDPOINT"
export Cosmos__Key="$OMNIHUB_COSMOS_EMULATOR_KEY"
export OmniHub__Host__Port="$OMNIHUB_HOST_PORT"

host_dll="functions/OmniHub.Host/bin/Debug/net10.0/OmniHub.Host.dll"
[[ -f "$host_dll" ]] || omnihub_die "$host_dll was not built"
(cd functions/OmniHub.Host && exec dotnet "bin/Debug/net10.0/OmniHub.Host.dll") &
host_pid=$!

url="http://127.0.0.1:$OMNIHUB_HOST_PORT"
waiting_since=$SECONDS
until node "$OMNIHUB_LOCAL_DIR/probe.js" http "$url/health" 1000 2>/dev/null; do
  omnihub_pid_alive "$host_pid" || { wait "$host_pid" || true; host_pid=""; omnihub_die "the host exited while starting; see its log above"; }
  ((SECONDS - waiting_since < OMNIHUB_HOST_START_TIMEOUT)) || omnihub_die "the host did not answer on $url/health within ${OMNIHUB_HOST_START_TIMEOUT}s"
  sleep 0.5
done

ready="not ready"
if node "$OMNIHUB_LOCAL_DIR/probe.js" http-ok "$url/health/ready" 5000 2>/dev/null; then
  ready="ready"
fi
omnihub_log "OmniHub is running: $url  (live: $url/health, $ready: $url/health/ready). Ctrl+C stops it."

status=0
wait "$host_pid" || status=$?
host_pid=""
exit "$status"
