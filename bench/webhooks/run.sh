#!/usr/bin/env bash
# Measures webhook delivery of the fake SePay backend on this machine: bench/SoundBoxSim.WebhookLoad hosts SePayBackend
# and its DeliveryEngine (the code `sbsim up` runs) pinned to one core and makes simulated transfers at a fixed rate,
# open loop; bench/SoundBoxSim.WebhookReceiver, a minimal Kestrel app in another process pinned to the other core,
# answers {"success":true} and checks every HMAC_SHA256 signature with its own code. One receiver per scenario, fresh.
#   fast  FAST_RATE (5000) transfers/s to a receiver that answers at once, WARMUP (5s) then DURATION (20s) measured.
#         Goals: >= 5,000 deliveries Succeeded per second over the window; accepted -> first attempt p99 < 20 ms;
#         nothing lost (every delivery Succeeded on its first attempt, as many as transfers, the receiver's count of
#         valid requests the same, no bad signature).
#   slow  SLOW_RATE (1000) transfers/s to a receiver that waits SLOW_DELAY (100ms) before each answer.
#         Goals: >= 1,000 deliveries/s, nothing lost; accepted -> first attempt p99 also reported against 20 ms.
#   ceiling (not run by default, not a goal) CEILING_RATES ("6000 7000 8000") transfers/s to the fast receiver, to see
#         where the engine stops keeping up.
#   fresh (not run by default, not a goal) the fast scenario at FRESH_RATE (1000) transfers/s with the engine given a
#         WebhookSender that opens a new TCP connection per attempt (ReuseConnections = false, as a cURL call would).
#   baseline (not run by default, not a goal) the same core sending to the fast receiver without the ledger and engine:
#         BASELINE_LOOPS (64) loops POSTing signed webhook bodies as fast as answers come, through the fake's
#         WebhookSender, through a plain HttpClient on a fresh handler (so connection) per request, and through one
#         keep-alive handler: what the HTTP exchange itself costs on this core, with and without a new connection each.
# Settings (environment): SCENARIOS ("fast slow"), RUNS (1: how many times fast and slow are each measured),
# LOAD_CPU (0), RECEIVER_CPU (1), FAST_RATE (5000), SLOW_RATE (1000), SLOW_DELAY (100ms), DURATION (20s),
# WARMUP (5s), DRAIN (30s), GOAL_P99 (20ms), MAX_LOG_ENTRIES (10000), MAX_CONCURRENCY, FAST_PER_DESTINATION,
# SLOW_PER_DESTINATION (empty: the engine's defaults, 1024 and 128), CEILING_RATES ("6000 7000 8000"),
# FRESH_RATE (1000), BASELINE_LOOPS (64), BASELINE_MODES ("sender fresh pooled").
# One line per measurement on stdout and a summary against the goals; the JSON lines go to artifacts/webhooks-bench/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SCENARIOS="${SCENARIOS:-fast slow}"
RUNS="${RUNS:-1}" # fast and slow are each measured this many times, one fresh pair of processes each
LOAD_CPU="${LOAD_CPU:-0}"
RECEIVER_CPU="${RECEIVER_CPU:-1}"
FAST_RATE="${FAST_RATE:-5000}"
SLOW_RATE="${SLOW_RATE:-1000}"
SLOW_DELAY="${SLOW_DELAY:-100ms}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-5s}"
DRAIN="${DRAIN:-30s}"
GOAL_P99="${GOAL_P99:-20ms}"
MAX_LOG_ENTRIES="${MAX_LOG_ENTRIES:-10000}"
MAX_CONCURRENCY="${MAX_CONCURRENCY:-}"
FAST_PER_DESTINATION="${FAST_PER_DESTINATION:-}"
SLOW_PER_DESTINATION="${SLOW_PER_DESTINATION:-}"
CEILING_RATES="${CEILING_RATES:-6000 7000 8000}"
FRESH_RATE="${FRESH_RATE:-1000}"
BASELINE_LOOPS="${BASELINE_LOOPS:-64}"
BASELINE_MODES="${BASELINE_MODES:-sender fresh pooled}"
GOAL_FAST=5000 # deliveries/s, the issue's goals
GOAL_SLOW=1000

work="$(mktemp -d)"
trap 'stop_broker; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
# start_broker/stop_broker start and stop one server (here: the receiver) on a free loopback port.
# shellcheck source=../brokers.sh
source "$root/bench/brokers.sh"
pin_broker=(taskset -c "$RECEIVER_CPU")
pin_load=(taskset -c "$LOAD_CPU")

echo "building the load tool and the receiver..."
dotnet build bench/SoundBoxSim.WebhookLoad -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build bench/SoundBoxSim.WebhookReceiver -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
load="$root/artifacts/bin/SoundBoxSim.WebhookLoad/release/sbsim-webhookload.dll"
receiver="$root/artifacts/bin/SoundBoxSim.WebhookReceiver/release/sbsim-webhookreceiver.dll"
results="$root/artifacts/webhooks-bench/webhooks-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
mkdir -p "$(dirname "$results")"
# A fresh secret per run: the load tool creates the webhook with it, the receiver checks signatures with it.
secret="whsec_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

delay=0
broker_command() { echo "dotnet $receiver --port $1 --secret $secret --delay $delay"; } # $1 = port

json_number() { grep -o "\"$2\":[-0-9.e+]*" <<<"$1" | head -1 | cut -d: -f2; } # $1 = JSON, $2 = key (first match)
json_object() { grep -o "\"$2\":{[^}]*}" <<<"$1" | head -1; }
met() { grep -q "\"$2\":true" <<<"$1" && echo met || echo "NOT met"; }

# One measurement: a fresh receiver with the given delay, the load tool at the given rate. Sets $json.
measure() { # $1 = scenario name, $2 = rate, $3 = receiver delay, $4 = throughput goal, $5 = per destination (may be empty), $6... = more options
  local out human extra=("${@:6}")
  [ -n "$MAX_CONCURRENCY" ] && extra+=(--max-concurrency "$MAX_CONCURRENCY")
  [ -n "$5" ] && extra+=(--max-per-destination "$5")
  delay="$3"
  start_broker
  out="$("${pin_load[@]}" dotnet "$load" --receiver "http://127.0.0.1:$port/hook" --secret "$secret" --rate "$2" --duration "$DURATION" \
    --warmup "$WARMUP" --drain "$DRAIN" --max-log-entries "$MAX_LOG_ENTRIES" --goal-rate "$4" --goal-p99 "$GOAL_P99" --scenario "$1" \
    "${extra[@]}" 2>"$work/load.err")" || true
  stop_broker
  json="$(grep '^{' <<<"$out" | tail -1)"
  [ -n "$json" ] || { echo "sbsim-webhookload failed:" >&2; cat "$work/load.err" >&2; cat "$work/broker.log" >&2; exit 1; }
  echo "$json" >>"$results"
  human="$(grep -v '^{' <<<"$out" | tail -1)"
  echo "  $human"
  grep 'first problem' "$work/load.err" | sed 's/^/  /' || true
}

p99_of() { json_number "$(json_object "$1" acceptedToFirstAttempt)" p99; }
percentiles() { # accepted -> first attempt p50/p90/p99/max
  local o; o="$(json_object "$1" acceptedToFirstAttempt)"
  echo "p50 $(json_number "$o" p50) / p90 $(json_number "$o" p90) / p99 $(json_number "$o" p99) / max $(json_number "$o" max) ms"
}
per_destination() { json_number "$(json_object "$1" engine)" maxConcurrencyPerDestination; }

run_label() { [ "$RUNS" -gt 1 ] && echo " (run $1 of $RUNS)" || true; }

fast() {
  local r
  for r in $(seq 1 "$RUNS"); do
    measure fast "$FAST_RATE" 0 "$GOAL_FAST" "$FAST_PER_DESTINATION"
    summary+=("1. >= $GOAL_FAST deliveries/s to a fast receiver, HMAC, nothing lost$(run_label "$r"): $(json_number "$json" succeededPerSecond)/s, lost nothing: $(met "$json" nothingLost) -> $(met "$json" throughputMet)")
    summary+=("3. accepted -> first attempt p99 < $GOAL_P99 at $FAST_RATE/s$(run_label "$r"): $(percentiles "$json") -> $(met "$json" latencyMet)")
  done
}

slow() {
  local r
  for r in $(seq 1 "$RUNS"); do
    measure slow "$SLOW_RATE" "$SLOW_DELAY" "$GOAL_SLOW" "$SLOW_PER_DESTINATION"
    summary+=("2. >= $GOAL_SLOW deliveries/s, every answer after $SLOW_DELAY (per destination $(per_destination "$json"))$(run_label "$r"): $(json_number "$json" succeededPerSecond)/s, lost nothing: $(met "$json" nothingLost) -> $(met "$json" throughputMet)")
    summary+=("3. accepted -> first attempt p99 < $GOAL_P99 at $SLOW_RATE/s with $SLOW_DELAY answers$(run_label "$r"): $(percentiles "$json") -> $(met "$json" latencyMet)")
  done
}

ceiling() {
  local rate
  for rate in $CEILING_RATES; do
    measure ceiling "$rate" 0 "$rate" "$FAST_PER_DESTINATION"
    summary+=("ceiling (not a goal) at $rate/s: $(json_number "$json" succeededPerSecond)/s, p99 $(p99_of "$json") ms, lost nothing: $(met "$json" nothingLost)")
  done
}

fresh() {
  measure fresh "$FRESH_RATE" 0 "$FRESH_RATE" "$FAST_PER_DESTINATION" --fresh-connections true
  summary+=("fresh (not a goal), a new connection per attempt, at $FRESH_RATE/s: $(json_number "$json" succeededPerSecond)/s, p99 $(p99_of "$json") ms, lost nothing: $(met "$json" nothingLost)")
}

baseline() {
  local mode out human
  for mode in $BASELINE_MODES; do
    delay=0
    start_broker
    out="$("${pin_load[@]}" dotnet "$load" --receiver "http://127.0.0.1:$port/hook" --secret "$secret" --baseline "$mode" \
      --concurrency "$BASELINE_LOOPS" --duration "$DURATION" --warmup "$WARMUP" 2>"$work/load.err")" || true
    stop_broker
    json="$(grep '^{' <<<"$out" | tail -1)"
    [ -n "$json" ] || { echo "sbsim-webhookload --baseline $mode failed:" >&2; cat "$work/load.err" >&2; exit 1; }
    echo "$json" >>"$results"
    human="$(grep -v '^{' <<<"$out" | tail -1)"
    echo "  $human"
    summary+=("baseline (not a goal), $mode: $(json_number "$json" succeededPerSecond)/s at $(json_number "$json" cpuPercent) % of the load core")
  done
}

echo "receiver on CPU $RECEIVER_CPU, load tool (SePayBackend + DeliveryEngine) on CPU $LOAD_CPU; $(dotnet --version | sed 's/^/.NET SDK /'); engine log bound MaxLogEntries $MAX_LOG_ENTRIES"
machine_line
summary=()
for scenario in $SCENARIOS; do
  case "$scenario" in
    fast) echo "fast receiver, $FAST_RATE transfers/s, $DURATION after $WARMUP warm-up:"; fast ;;
    slow) echo "receiver answering after $SLOW_DELAY, $SLOW_RATE transfers/s, $DURATION after $WARMUP warm-up:"; slow ;;
    ceiling) echo "ceiling (not a goal), fast receiver at $CEILING_RATES transfers/s:"; ceiling ;;
    fresh) echo "a new connection per attempt (not a goal), fast receiver, $FRESH_RATE transfers/s:"; fresh ;;
    baseline) echo "baseline (not a goal): $BASELINE_LOOPS loops as fast as answers come, no ledger or engine, $DURATION after $WARMUP warm-up:"; baseline ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
done
echo "summary (load now $(cut -d' ' -f1-3 /proc/loadavg)):"
printf '  %s\n' "${summary[@]}"
echo "JSON lines: $results"
