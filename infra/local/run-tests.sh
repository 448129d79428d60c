#!/usr/bin/env bash
# Runs every test project in OmniHub.sln against real local emulators:
#   installs the emulator packages if missing, starts Azurite and the local Cosmos server (or reuses ones already
#   running), builds the solution, runs `dotnet test OmniHub.sln` and then the workflow scenarios again on the local
#   stack (OMNIHUB_WORKFLOWS_STACK=local), and stops the emulators it started (only those)
#   even when the build or tests fail. Exits with the test exit code.
#
#   bash infra/local/run-tests.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Domain]
#
# Environment: CI=true (no prompts, no colour), OMNIHUB_TEST_RESULTS=DIR (default TestResults; a .trx per project),
# OMNIHUB_TEST_VERBOSITY=minimal|normal|detailed (console logger), OMNIHUB_TEST_HANG_TIMEOUT=15m (a test hanging longer is
# dumped and killed), plus the emulator settings at the top of infra/local/lib.sh.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$OMNIHUB_ROOT"

: "${CI:=false}"
: "${OMNIHUB_TEST_RESULTS:=$OMNIHUB_ROOT/TestResults}"
: "${OMNIHUB_TEST_VERBOSITY:=minimal}"
: "${OMNIHUB_TEST_HANG_TIMEOUT:=15m}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [[ "$CI" == "true" ]]; then
  export DOTNET_CLI_UI_LANGUAGE=en NO_COLOR=1 TERM=dumb
  exec </dev/null
fi

command -v dotnet >/dev/null 2>&1 || omnihub_die "dotnet is not installed (the .NET 10 SDK is needed)"

started_file="$(mktemp "${TMPDIR:-/tmp}/omnihub-started.XXXXXX")"
export OMNIHUB_STARTED_FILE="$started_file"

# shellcheck disable=SC2317  # invoked by the EXIT trap
stop_started_emulators() {
  local -a started=()
  if [[ -f "$started_file" ]]; then
    mapfile -t started <"$started_file"
    rm -f "$started_file"
  fi
  if ((${#started[@]} > 0)); then
    bash "$OMNIHUB_LOCAL_DIR/stop-emulators.sh" "${started[@]}" || omnihub_warn "could not stop ${started[*]}"
  fi
}
trap stop_started_emulators EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash "$OMNIHUB_LOCAL_DIR/start-emulators.sh"
omnihub_export_emulator_env

rm -rf "$OMNIHUB_TEST_RESULTS"
mkdir -p "$OMNIHUB_TEST_RESULTS"

omnihub_log "building OmniHub.sln"
# No build servers: they would outlive this script and keep CI's output pipe open.
dotnet build OmniHub.sln --nologo --disable-build-servers -v minimal

omnihub_log "testing OmniHub.sln (results in ${OMNIHUB_TEST_RESULTS#"$OMNIHUB_ROOT"/})"
status=0
dotnet test OmniHub.sln --no-build --nologo --disable-build-servers \
  --logger "console;verbosity=$OMNIHUB_TEST_VERBOSITY" \
  --logger trx \
  --results-directory "$OMNIHUB_TEST_RESULTS" \
  --blame-hang-timeout "$OMNIHUB_TEST_HANG_TIMEOUT" --blame-hang-dump-type mini \
  "$@" || status=$?

# The workflow scenarios once more on the local stack: the engine's task hub and the queues on Azurite, the stores on
# the local Cosmos server, the channels through the real connectors against the marketplace simulator.
omnihub_log "testing the workflow scenarios on the local stack (Azurite, local Cosmos server, marketplace simulator)"
OMNIHUB_WORKFLOWS_STACK=local dotnet test tests/OmniHub.Workflows.Tests/OmniHub.Workflows.Tests.csproj --no-build --nologo --disable-build-servers \
  --logger "console;verbosity=$OMNIHUB_TEST_VERBOSITY" \
  --logger "trx;LogFileName=OmniHub.Workflows.Tests.local-stack.trx" \
  --results-directory "$OMNIHUB_TEST_RESULTS" \
  --blame-hang-timeout "$OMNIHUB_TEST_HANG_TIMEOUT" --blame-hang-dump-type mini \
  "$@" || status=$?

if ((status == 0)); then
  omnihub_log "all tests passed"
else
  omnihub_log "tests failed (exit $status)"
fi
exit "$status"
