#!/usr/bin/env bash
# Runs the OmniHub demo locally: installs the emulator packages if missing, starts Azurite and the local Cosmos server
# (or reuses ones already running), starts the marketplace simulator (Shopify, WooCommerce, Amazon, eBay and bol
# producing orders) on http://127.0.0.1:7080 and OmniHub.Host on http://127.0.0.1:7071, configured to poll the
# simulator and receive its webhooks, and seeds the demo network (infra/local/demo); the simulator also plays the
# warehouses, stores and 3PL, answering the hub's fulfilment queues through its management API. Prints the monitor
# URL and a demo API key generated for this run. Ctrl+C stops the host, the simulator and the emulators this script
# started.
#
#   bash infra/local/run-hub.sh
#
# Environment: OMNIHUB_HOST_PORT=7071, OMNIHUB_SIM_PORT=7080, OMNIHUB_DEMO=1 (0: the host only, no simulator or
# seed), OMNIHUB_DEMO_ORDERS_PER_MINUTE=12, ASPNETCORE_ENVIRONMENT=Development, plus the emulator settings at the top
# of infra/local/lib.sh. The host reads local.settings.json (copied from local.settings.sample.json when missing);
# this script points its storage and Cosmos settings at the emulators it runs.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$OMNIHUB_ROOT"

: "${OMNIHUB_HOST_PORT:=7071}"
: "${OMNIHUB_HOST_START_TIMEOUT:=90}"
: "${OMNIHUB_HOST_STOP_TIMEOUT:=15}"
: "${OMNIHUB_SIM_PORT:=7080}"
: "${OMNIHUB_DEMO:=1}"
: "${OMNIHUB_DEMO_ORDERS_PER_MINUTE:=12}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"

command -v dotnet >/dev/null 2>&1 || omnihub_die "dotnet is not installed (the .NET 10 SDK is needed)"
if ! [[ "$OMNIHUB_HOST_PORT" =~ ^[0-9]+$ ]] || ((OMNIHUB_HOST_PORT < 1 || OMNIHUB_HOST_PORT > 65535)); then
  omnihub_die "OMNIHUB_HOST_PORT='$OMNIHUB_HOST_PORT' is not a TCP port number"
fi
if omnihub_port_open "$OMNIHUB_HOST_PORT"; then
  omnihub_die "port $OMNIHUB_HOST_PORT (the hub's HTTP port) is in use by $(omnihub_port_owner "$OMNIHUB_HOST_PORT"). Stop it, or run with OMNIHUB_HOST_PORT=<another port>."
fi
if [[ "$OMNIHUB_DEMO" == "1" ]] && omnihub_port_open "$OMNIHUB_SIM_PORT"; then
  omnihub_die "port $OMNIHUB_SIM_PORT (the marketplace simulator's port) is in use by $(omnihub_port_owner "$OMNIHUB_SIM_PORT"). Stop it, or run with OMNIHUB_SIM_PORT=<another port>."
fi

if [[ ! -f local.settings.json ]]; then
  cp local.settings.sample.json local.settings.json
  omnihub_log "created local.settings.json from local.settings.sample.json (gitignored; put channel credentials there)"
fi

started_file="$(mktemp "${TMPDIR:-/tmp}/omnihub-started.XXXXXX")"
export OMNIHUB_STARTED_FILE="$started_file"
host_pid=""
sim_pid=""

# Stops one process this script started: SIGTERM, then SIGKILL after OMNIHUB_HOST_STOP_TIMEOUT seconds.
# shellcheck disable=SC2317  # invoked by the EXIT trap
stop_pid() {
  local pid="$1" name="$2" waited=0
  omnihub_pid_alive "$pid" || return 0
  omnihub_log "stopping the $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while omnihub_pid_alive "$pid" && ((waited < OMNIHUB_HOST_STOP_TIMEOUT * 5)); do
    sleep 0.2
    waited=$((waited + 1))
  done
  if omnihub_pid_alive "$pid"; then
    omnihub_warn "$name still running ${OMNIHUB_HOST_STOP_TIMEOUT}s after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  trap - INT TERM
  if [[ -n "$sim_pid" ]]; then
    stop_pid "$sim_pid" "marketplace simulator"
    sim_pid=""
  fi
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

sim_url="http://127.0.0.1:$OMNIHUB_SIM_PORT"
if [[ "$OMNIHUB_DEMO" == "1" ]]; then
  omnihub_log "building the marketplace simulator"
  dotnet build functions/OmniHub.MarketplaceSimulator --nologo --disable-build-servers -v quiet "-clp:ErrorsOnly;NoSummary"
  sim_dll="functions/OmniHub.MarketplaceSimulator/bin/Debug/net10.0/OmniHub.MarketplaceSimulator.dll"
  [[ -f "$sim_dll" ]] || omnihub_die "$sim_dll was not built"
  # A demo operator key for this run only (printed once below; never written to disk). The simulator's warehouses,
  # stores and 3PL answer the hub's fulfilment queues with it, through the hub's management API.
  demo_key="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  Fulfilment__Storage="$OMNIHUB_STORAGE_CONNECTION" \
    Fulfilment__Locations="$OMNIHUB_LOCAL_DIR/demo/locations.json" \
    Fulfilment__QueuePrefix="${Queue__NamePrefix:-}" \
    Fulfilment__HubUrl="http://127.0.0.1:$OMNIHUB_HOST_PORT/" \
    Fulfilment__HubApiKey="$demo_key" \
    dotnet "$sim_dll" --port "$OMNIHUB_SIM_PORT" --orders-per-minute "$OMNIHUB_DEMO_ORDERS_PER_MINUTE" --log-level Warning &
  sim_pid=$!
  started=$SECONDS
  until node "$OMNIHUB_LOCAL_DIR/probe.js" http-ok "$sim_url/health" 1000 2>/dev/null; do
    omnihub_pid_alive "$sim_pid" || { wait "$sim_pid" || true; sim_pid=""; omnihub_die "the marketplace simulator exited while starting"; }
    ((SECONDS - started < OMNIHUB_HOST_START_TIMEOUT)) || omnihub_die "the marketplace simulator did not answer on $sim_url/health"
    sleep 0.5
  done
  omnihub_log "marketplace simulator running: $sim_url (control API: $sim_url/_sim/channels)"

  # The five channel accounts point at the simulator; its credentials are the simulator's published test values.
  webhook_secret="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export Channels__shopify__main__BaseUrl="$sim_url/shopify/"
  export Channels__shopify__main__ApiVersion="2026-07"
  export Channels__shopify__main__InventoryLocationId="gid://shopify/Location/70999"
  export Channels__shopify__main__Secrets__AccessToken="shpat_sim"
  export Channels__shopify__main__Secrets__WebhookSecret="$webhook_secret"
  export Channels__woocommerce__main__BaseUrl="$sim_url/woocommerce/"
  export Channels__woocommerce__main__Secrets__ConsumerKey="ck_sim"
  export Channels__woocommerce__main__Secrets__ConsumerSecret="cs_sim"
  export Channels__woocommerce__main__Secrets__WebhookSecret="$webhook_secret"
  export Channels__amazon__main__BaseUrl="$sim_url/amazon/"
  export Channels__amazon__main__sellerId="A3SIMSELLER"
  export Channels__amazon__main__marketplaceIds="A1805IZSGTT6HS"
  export Channels__amazon__main__clientId="amzn1.application-oa2-client.sim"
  export Channels__amazon__main__lwaTokenUrl="$sim_url/amazon/auth/o2/token"
  export Channels__amazon__main__Secrets__clientSecret="sim-client-secret"
  export Channels__amazon__main__Secrets__refreshToken="Atzr|sim-refresh-token"
  export Channels__ebay__main__BaseUrl="$sim_url/ebay/"
  export Channels__ebay__main__clientId="OmniHubS-sim-PRD-0000000000-00000000"
  export Channels__ebay__main__tokenUrl="$sim_url/ebay/identity/v1/oauth2/token"
  export Channels__ebay__main__Secrets__clientSecret="PRD-sim-client-secret"
  export Channels__ebay__main__Secrets__refreshToken="v^1.1#i^1#r^1#sim-refresh-token"
  export Channels__bol__main__BaseUrl="$sim_url/bol/"
  export Channels__bol__main__clientId="bol-sim-client-id"
  export Channels__bol__main__tokenUrl="$sim_url/bol/token"
  export Channels__bol__main__Secrets__clientSecret="bol-sim-client-secret"
  for channel in shopify amazon ebay woocommerce bol; do
    export "Channels__${channel}__main__Enabled=true"
  done
  export Demo__Seed=true
  export Demo__SeedDirectory="$OMNIHUB_LOCAL_DIR/demo"
  # The warehouses, stores and 3PL are simulated by the marketplace simulator (above), not inside the hub.
  export Demo__FulfilmentResponder=false
  export Workflows__PollInterval="${Workflows__PollInterval:-00:00:05}"
  export Workflows__PollOverlap="${Workflows__PollOverlap:-00:00:30}"

  export Ops__ApiKeys__demo__Key="$demo_key"
  export Ops__ApiKeys__demo__Role="operator"
fi

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
if [[ "$OMNIHUB_DEMO" == "1" ]]; then
  # Shopify and WooCommerce also push order webhooks to the hub (signed with this run's secret).
  for topic in shopify:orders/create shopify:orders/updated woocommerce:order.created woocommerce:order.updated; do
    curl -fsS -o /dev/null -X POST "$sim_url/_sim/webhooks/subscribe" -H 'content-type: application/json' \
      -d "{\"channel\":\"${topic%%:*}\",\"topic\":\"${topic#*:}\",\"address\":\"$url/webhooks/${topic%%:*}/main\",\"secret\":\"$webhook_secret\"}" \
      || omnihub_warn "could not subscribe the hub to ${topic} webhooks (polling still brings the orders)"
  done
  omnihub_log "OmniHub demo is running ($ready): orders from five simulated channels flow through the hub."
  omnihub_log "  monitor:        $url/"
  omnihub_log "  demo API key:   $demo_key   (role operator; valid for this run only)"
  omnihub_log "  OpenAPI:        $url/openapi/v1.json"
  omnihub_log "  simulator:      $sim_url/_sim/channels"
  omnihub_log "Ctrl+C stops everything."
else
  omnihub_log "OmniHub is running: $url  (live: $url/health, $ready: $url/health/ready). Ctrl+C stops it."
fi

status=0
wait "$host_pid" || status=$?
host_pid=""
exit "$status"
