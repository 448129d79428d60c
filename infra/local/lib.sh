# shellcheck shell=bash disable=SC2034  # settings defined here are read by the scripts that source this file
# Shared by start-emulators.sh, stop-emulators.sh, run-hub.sh and run-tests.sh. Source it; don't run it.
#
# Settings (environment, all optional):
#   AZURITE_BLOB_PORT=10000 AZURITE_QUEUE_PORT=10001 AZURITE_TABLE_PORT=10002 COSMOS_PORT=8081
#   AZURITE_LOCATION=DIR          keep Azurite data in DIR (survives restarts) instead of in memory
#   OMNIHUB_EMULATOR_DATA_DIR=DIR PID files and logs (default infra/local/.data, gitignored)
#   EMULATOR_START_TIMEOUT=60     seconds to wait for an emulator to answer
#   EMULATOR_STOP_TIMEOUT=10      seconds to wait after SIGTERM before SIGKILL
#   OMNIHUB_STARTED_FILE=FILE     start-emulators.sh appends the name of every emulator it launched to FILE

OMNIHUB_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OMNIHUB_ROOT="$(cd "$OMNIHUB_LOCAL_DIR/../.." && pwd)"

: "${AZURITE_BLOB_PORT:=10000}"
: "${AZURITE_QUEUE_PORT:=10001}"
: "${AZURITE_TABLE_PORT:=10002}"
: "${COSMOS_PORT:=8081}"
: "${AZURITE_LOCATION:=}"
: "${OMNIHUB_EMULATOR_DATA_DIR:=$OMNIHUB_LOCAL_DIR/.data}"
: "${EMULATOR_START_TIMEOUT:=60}"
: "${EMULATOR_STOP_TIMEOUT:=10}"
: "${OMNIHUB_STARTED_FILE:=}"

# The well-known Azurite development account key is public (documented by Microsoft); it is not a secret.
OMNIHUB_AZURITE_ACCOUNT="devstoreaccount1"
OMNIHUB_AZURITE_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
# Likewise the Cosmos DB emulator's well-known key (the local Cosmos server accepts any key).
OMNIHUB_COSMOS_EMULATOR_KEY="C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="

OMNIHUB_EMULATORS=(azurite cosmos)

omnihub_log() { printf '[omnihub] %s\n' "$*"; }
omnihub_warn() { printf '[omnihub] WARNING: %s\n' "$*" >&2; }
omnihub_die() {
  printf '[omnihub] ERROR: %s\n' "$*" >&2
  exit 1
}

omnihub_validate_ports() {
  local name port
  for name in AZURITE_BLOB_PORT AZURITE_QUEUE_PORT AZURITE_TABLE_PORT COSMOS_PORT; do
    port="${!name}"
    if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
      omnihub_die "$name='$port' is not a TCP port number"
    fi
  done
}

# Storage connection string and Cosmos endpoint for the configured ports, unless already set by the caller.
omnihub_export_emulator_env() {
  if [[ -z "${OMNIHUB_STORAGE_CONNECTION:-}" ]]; then
    if [[ "$AZURITE_BLOB_PORT/$AZURITE_QUEUE_PORT/$AZURITE_TABLE_PORT" == "10000/10001/10002" ]]; then
      OMNIHUB_STORAGE_CONNECTION="UseDevelopmentStorage=true"
    else
      OMNIHUB_STORAGE_CONNECTION="DefaultEndpointsProtocol=http;AccountName=$OMNIHUB_AZURITE_ACCOUNT;AccountKey=$OMNIHUB_AZURITE_KEY;BlobEndpoint=http://127.0.0.1:$AZURITE_BLOB_PORT/$OMNIHUB_AZURITE_ACCOUNT;QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/$OMNIHUB_AZURITE_ACCOUNT;TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/$OMNIHUB_AZURITE_ACCOUNT;"
    fi
  fi
  : "${OMNIHUB_COSMOS_ENDPOINT:=https://127.0.0.1:$COSMOS_PORT/}"
  export OMNIHUB_STORAGE_CONNECTION OMNIHUB_COSMOS_ENDPOINT
  export AZURE_COSMOS_USE_QUERY_PLAN_INTEROP_LINUX=true
}

omnihub_require_node() {
  command -v node >/dev/null 2>&1 || omnihub_die "node is not installed (Node 20 is needed for the local emulators)"
  command -v npm >/dev/null 2>&1 || omnihub_die "npm is not installed (it comes with Node 20)"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  ((major >= 18)) || omnihub_die "node $(node --version) is too old; Node 20 is needed"
}

# npm ci from the lock file when node_modules is missing or older than the lock file.
omnihub_ensure_node_modules() {
  omnihub_require_node
  local marker="$OMNIHUB_LOCAL_DIR/node_modules/.package-lock.json"
  if [[ -f "$marker" && -f "$OMNIHUB_LOCAL_DIR/node_modules/azurite/dist/src/azurite.js" \
    && -f "$OMNIHUB_LOCAL_DIR/node_modules/@vercel/cosmosdb-server/lib/cli.js" \
    && ! "$OMNIHUB_LOCAL_DIR/package-lock.json" -nt "$marker" ]]; then
    return 0
  fi
  omnihub_log "installing emulator packages (npm ci in infra/local)"
  (cd "$OMNIHUB_LOCAL_DIR" && npm ci --no-audit --no-fund --loglevel=error </dev/null) \
    || omnihub_die "npm ci failed in $OMNIHUB_LOCAL_DIR"
}

omnihub_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# "node (pid 123): node node_modules/... " for whatever listens on a port, when ss or lsof can tell.
omnihub_port_owner() {
  local port="$1" pid="" name="" line
  if command -v ss >/dev/null 2>&1; then
    line="$(ss -ltnpH "sport = :$port" 2>/dev/null | head -n 1)"
    if [[ "$line" =~ users:\(\(\"([^\"]+)\",pid=([0-9]+) ]]; then
      name="${BASH_REMATCH[1]}"
      pid="${BASH_REMATCH[2]}"
    fi
  fi
  if [[ -z "$pid" ]] && command -v lsof >/dev/null 2>&1; then
    pid="$(lsof -nP -t -iTCP:"$port" -sTCP:LISTEN 2>/dev/null | head -n 1)"
    [[ -n "$pid" ]] && name="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
  fi
  if [[ -n "$pid" ]]; then
    local cmd
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-160 || true)"
    cmd="${cmd% }"
    printf '%s (pid %s)%s' "${name:-process}" "$pid" "${cmd:+: $cmd}"
  else
    printf 'an unknown process (neither ss nor lsof could name it)'
  fi
}

# True while the process exists and is not a zombie.
omnihub_pid_alive() {
  local pid="$1" state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
  [[ "$state" != "Z" ]]
}

omnihub_pid_file() { printf '%s/%s.pid' "$OMNIHUB_EMULATOR_DATA_DIR" "$1"; }
omnihub_log_file() { printf '%s/%s.log' "$OMNIHUB_EMULATOR_DATA_DIR" "$1"; }

# Text that identifies an emulator's command line, so a recycled PID is never mistaken for it.
omnihub_emulator_signature() {
  case "$1" in
    azurite) printf 'azurite/dist/src/azurite.js' ;;
    cosmos) printf 'infra/local/cosmos-server.js' ;;
  esac
}

omnihub_pid_is_emulator() {
  local pid="$1" name="$2"
  omnihub_pid_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$(omnihub_emulator_signature "$name")"
}

omnihub_emulator_ports() {
  case "$1" in
    azurite) printf '%s %s %s' "$AZURITE_BLOB_PORT" "$AZURITE_QUEUE_PORT" "$AZURITE_TABLE_PORT" ;;
    cosmos) printf '%s' "$COSMOS_PORT" ;;
  esac
}

# "kind:port" for every endpoint of an emulator.
omnihub_emulator_endpoints() {
  case "$1" in
    azurite) printf 'azurite-blob:%s azurite-queue:%s azurite-table:%s' "$AZURITE_BLOB_PORT" "$AZURITE_QUEUE_PORT" "$AZURITE_TABLE_PORT" ;;
    cosmos) printf 'cosmos:%s' "$COSMOS_PORT" ;;
  esac
}

# Asks one endpoint ("kind:port") whether it answers as that kind: 0 yes, 2 something else answers, 1 no answer.
omnihub_probe_endpoint() {
  local kind="${1%%:*}" port="${1##*:}" url
  case "$kind" in
    azurite-blob | azurite-queue) url="http://127.0.0.1:$port/$OMNIHUB_AZURITE_ACCOUNT?comp=list" ;;
    azurite-table) url="http://127.0.0.1:$port/$OMNIHUB_AZURITE_ACCOUNT/Tables" ;;
    cosmos) url="https://127.0.0.1:$port/" ;;
  esac
  node "$OMNIHUB_LOCAL_DIR/probe.js" "$kind" "$url" 2000 2>/dev/null
}

# 0 when every endpoint of the emulator answers as that emulator.
omnihub_emulator_ready() {
  local endpoint
  for endpoint in $(omnihub_emulator_endpoints "$1"); do
    omnihub_probe_endpoint "$endpoint" || return 1
  done
}

omnihub_launch() {
  local name="$1" log
  log="$(omnihub_log_file "$name")"
  local -a cmd
  case "$name" in
    azurite)
      cmd=(node "$OMNIHUB_LOCAL_DIR/node_modules/azurite/dist/src/azurite.js"
        --blobHost 127.0.0.1 --blobPort "$AZURITE_BLOB_PORT"
        --queueHost 127.0.0.1 --queuePort "$AZURITE_QUEUE_PORT"
        --tableHost 127.0.0.1 --tablePort "$AZURITE_TABLE_PORT"
        --skipApiVersionCheck --loose --silent --disableTelemetry)
      if [[ -n "$AZURITE_LOCATION" ]]; then
        mkdir -p "$AZURITE_LOCATION"
        cmd+=(--location "$(cd "$AZURITE_LOCATION" && pwd)")
      else
        cmd+=(--inMemoryPersistence)
      fi
      ;;
    cosmos)
      cmd=(node "$OMNIHUB_LOCAL_DIR/cosmos-server.js" -p "$COSMOS_PORT" --host 127.0.0.1)
      ;;
  esac
  printf '\n==== %s starting %s\n' "$(date -u +%FT%TZ)" "${cmd[*]}" >>"$log"
  # Own session: Ctrl+C in the terminal reaches the scripts' traps, which stop the emulators in order.
  # Working directory is the data dir so nothing the emulator writes lands in the repository.
  if command -v setsid >/dev/null 2>&1; then
    (cd "$OMNIHUB_EMULATOR_DATA_DIR" && exec setsid "${cmd[@]}" </dev/null >>"$log" 2>&1) &
  else
    (cd "$OMNIHUB_EMULATOR_DATA_DIR" && exec "${cmd[@]}" </dev/null >>"$log" 2>&1) &
  fi
  printf '%s\n' "$!" >"$(omnihub_pid_file "$name")"
}

omnihub_log_tail() {
  local log
  log="$(omnihub_log_file "$1")"
  if [[ -s "$log" ]]; then
    printf '[omnihub] ---- last lines of %s (this start) ----\n' "$log" >&2
    awk '/^==== / { n = 0 } { lines[n++] = $0 } END { for (i = (n > 40 ? n - 40 : 0); i < n; i++) print lines[i] }' "$log" >&2
    printf '[omnihub] ----\n' >&2
  fi
}

# Waits until the emulator answers; on timeout or early exit prints its log tail, stops it, and fails.
omnihub_wait_ready() {
  local name="$1" pid="$2" started=$SECONDS
  while ! omnihub_emulator_ready "$name"; do
    if ! omnihub_pid_alive "$pid"; then
      rm -f "$(omnihub_pid_file "$name")"
      omnihub_log_tail "$name"
      omnihub_die "$name (pid $pid) exited while starting; see the log above"
    fi
    if ((SECONDS - started >= EMULATOR_START_TIMEOUT)); then
      omnihub_log_tail "$name"
      omnihub_stop_pid "$name" "$pid"
      rm -f "$(omnihub_pid_file "$name")"
      omnihub_die "$name did not answer on port(s) $(omnihub_emulator_ports "$name") within ${EMULATOR_START_TIMEOUT}s"
    fi
    sleep 0.5
  done
  omnihub_log "$name ready on 127.0.0.1 port(s) $(omnihub_emulator_ports "$name") (pid $pid, $((SECONDS - started))s)"
}

omnihub_start_emulator() {
  local name="$1" pid_file pid port status
  pid_file="$(omnihub_pid_file "$name")"
  mkdir -p "$OMNIHUB_EMULATOR_DATA_DIR"

  if [[ -f "$pid_file" ]]; then
    pid="$(cat "$pid_file" 2>/dev/null || true)"
    if omnihub_pid_is_emulator "$pid" "$name"; then
      if omnihub_emulator_ready "$name"; then
        omnihub_log "$name already running (pid $pid, port(s) $(omnihub_emulator_ports "$name"))"
        return 0
      fi
      omnihub_log "$name (pid $pid) is running but not answering yet; waiting"
      omnihub_wait_ready "$name" "$pid"
      return 0
    fi
    omnihub_log "removing stale $name PID file (pid ${pid:-?} is gone)"
    rm -f "$pid_file"
  fi

  # Not ours. Reuse an emulator someone else started on the same ports; refuse anything else.
  local reused=0 total=0 endpoint
  for endpoint in $(omnihub_emulator_endpoints "$name"); do
    total=$((total + 1))
    port="${endpoint##*:}"
    if omnihub_port_open "$port"; then
      status=0
      omnihub_probe_endpoint "$endpoint" || status=$?
      if ((status == 0)); then
        reused=$((reused + 1))
      else
        omnihub_die "port $port (needed by $name) is in use by $(omnihub_port_owner "$port"), which is not ${endpoint%%:*}. Stop it, or choose other ports: AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT, COSMOS_PORT."
      fi
    fi
  done
  if ((reused == total)); then
    port="$(omnihub_emulator_ports "$name" | cut -d' ' -f1)"
    omnihub_log "$name already running on port(s) $(omnihub_emulator_ports "$name"), started outside these scripts by $(omnihub_port_owner "$port"); reusing it and leaving it running"
    return 0
  fi
  if ((reused > 0)); then
    omnihub_die "$name answers on some of its ports ($(omnihub_emulator_ports "$name")) but not all; another $name instance with different ports is running. Stop it or choose other ports."
  fi

  omnihub_launch "$name"
  pid="$(cat "$pid_file")"
  [[ -n "$OMNIHUB_STARTED_FILE" ]] && printf '%s\n' "$name" >>"$OMNIHUB_STARTED_FILE"
  omnihub_wait_ready "$name" "$pid"
}

# SIGTERM, then SIGKILL after EMULATOR_STOP_TIMEOUT seconds.
omnihub_stop_pid() {
  local name="$1" pid="$2" waited=0 limit
  omnihub_pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  limit=$((EMULATOR_STOP_TIMEOUT * 5))
  while omnihub_pid_alive "$pid" && ((waited < limit)); do
    sleep 0.2
    waited=$((waited + 1))
  done
  if omnihub_pid_alive "$pid"; then
    omnihub_warn "$name (pid $pid) still running ${EMULATOR_STOP_TIMEOUT}s after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    waited=0
    while omnihub_pid_alive "$pid" && ((waited < 25)); do
      sleep 0.2
      waited=$((waited + 1))
    done
    omnihub_pid_alive "$pid" && omnihub_die "$name (pid $pid) survived SIGKILL"
  fi
  return 0
}

omnihub_stop_emulator() {
  local name="$1" pid_file pid
  pid_file="$(omnihub_pid_file "$name")"
  if [[ ! -f "$pid_file" ]]; then
    omnihub_log "$name: no PID file, not started by these scripts; nothing to stop"
    return 0
  fi
  pid="$(cat "$pid_file" 2>/dev/null || true)"
  if ! omnihub_pid_is_emulator "$pid" "$name"; then
    omnihub_log "$name: removing stale PID file (pid ${pid:-?} is gone)"
    rm -f "$pid_file"
    return 0
  fi
  local started=$SECONDS
  omnihub_stop_pid "$name" "$pid"
  rm -f "$pid_file"
  omnihub_log "$name stopped (pid $pid, $((SECONDS - started))s)"
}

# Fills OMNIHUB_SELECTED with the emulator names given on a command line; none means all.
omnihub_select_emulators() {
  local name
  OMNIHUB_SELECTED=()
  if (($# == 0)); then
    OMNIHUB_SELECTED=("${OMNIHUB_EMULATORS[@]}")
    return 0
  fi
  for name in "$@"; do
    case "$name" in
      azurite | cosmos) OMNIHUB_SELECTED+=("$name") ;;
      *) omnihub_die "unknown emulator '$name' (expected: ${OMNIHUB_EMULATORS[*]})" ;;
    esac
  done
}
