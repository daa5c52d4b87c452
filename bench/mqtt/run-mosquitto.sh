#!/usr/bin/env bash
# Measures an MQTT broker on this machine with bench/SoundBoxSim.MqttLoad (our codec-free load generator):
#   fan-in  100 publishers -> 1 subscriber, fan-out 1 publisher -> 1,000 subscribers, at QoS 0 and 1:
#           a rate sweep that stops at the first rate the broker cannot carry (loss, or < 95 % delivered),
#           plus one unpaced fan-in run per QoS;
#   idle    10,000 idle connections: broker RSS before/after, i.e. bytes per connection.
# The broker is Mosquitto by default. Any other broker runs the same way through BROKER_CMD, whose {port}
# is replaced by a free port, e.g.:  BROKER_CMD='./sbsim broker --port {port}' bench/mqtt/run-mosquitto.sh
# Settings (environment): SCENARIOS, QOS_LEVELS, DURATION, WARMUP, FANIN_RATES, FANOUT_RATES, IDLE_CONNECTIONS,
# IDLE_CONNECT_RATE, IDLE_HOLD, LATENCY_P99_MS, MOSQUITTO_EXTRA (config lines), PIN=1 (broker on CPU 0,
# generator on CPU 1).
# One line per run on stdout; the JSON lines go to artifacts/mqtt-load/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SCENARIOS="${SCENARIOS:-fanin fanout idle}"
QOS_LEVELS="${QOS_LEVELS:-0 1}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-3s}" # left out of rate and latency: JIT tiering settles first (Mosquitto needs none, and loses nothing)
FANIN_RATES="${FANIN_RATES:-5000 10000 20000 30000 40000 50000 60000 80000 100000}"
FANOUT_RATES="${FANOUT_RATES:-10 20 30 40 60 80 100 150}" # messages/s in; each goes to 1,000 subscribers
IDLE_CONNECTIONS="${IDLE_CONNECTIONS:-10000}"
IDLE_CONNECT_RATE="${IDLE_CONNECT_RATE:-2000}"
IDLE_HOLD="${IDLE_HOLD:-10s}"
LATENCY_P99_MS="${LATENCY_P99_MS:-50}"
MOSQUITTO_EXTRA="${MOSQUITTO_EXTRA:-}" # extra config lines, e.g. 'max_inflight_messages 0'
BROKER_CMD="${BROKER_CMD:-}"
PIN="${PIN:-0}"

# 10,000 idle sockets here plus the broker's 10,000 in its own process; 20,000 is this machine's hard limit.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

work="$(mktemp -d)"
trap 'stop_broker; rm -rf "$work"' EXIT

pin_broker=(); pin_gen=()
if [ "$PIN" = 1 ]; then pin_broker=(taskset -c 0); pin_gen=(taskset -c 1); fi
# shellcheck source=../brokers.sh
source "$root/bench/brokers.sh"

echo "building the load generator..."
dotnet build bench/SoundBoxSim.MqttLoad -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
generator="$root/artifacts/bin/SoundBoxSim.MqttLoad/release/sbsim-mqttload.dll"

if [ -n "$BROKER_CMD" ]; then broker_name="$(echo "$BROKER_CMD" | awk '{print $1}' | xargs basename)"; else broker_name=mosquitto; fi
results="$root/artifacts/mqtt-load/$broker_name-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
mkdir -p "$(dirname "$results")"

mosquitto_config() { # $1 = port
  mosquitto_base_config "$1"
  cat <<EOF
# Room to queue a 10 s burst for a slow subscriber instead of dropping it.
max_queued_messages 100000
# max_inflight_messages stays at Mosquitto's default (20), as shipped.
$MOSQUITTO_EXTRA
EOF
}

broker_command() { # $1 = port
  if [ -n "$BROKER_CMD" ]; then
    echo "${BROKER_CMD//\{port\}/$1}"
  else
    mosquitto_config "$1" >"$work/mosquitto.conf"
    echo "mosquitto -c $work/mosquitto.conf"
  fi
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$broker_pid/status"; }
json_field() { grep -o "\"$2\":[^,}]*" <<<"$1" | head -1 | cut -d: -f2; }
latency_of() { # "p50 X ms, p99 Y ms" of a run's end-to-end latency
  local latency; latency="$(grep -o '"latency":{[^}]*}' <<<"$1")"
  echo "p50 $(json_field "$latency" p50) ms, p99 $(json_field "$latency" p99) ms"
}

generate() { "${pin_gen[@]}" dotnet "$generator" --host 127.0.0.1 --port "$port" "$@"; }

# Runs one pub/sub measurement, prints its line, records its JSON and leaves it in $last_json. The generator
# reads the broker's CPU share over the measuring window itself (--broker-pid).
measure() {
  local out
  out="$(generate "$@" --duration "$DURATION" --warmup "$WARMUP" --broker-pid "$broker_pid")" || true
  last_json="$(grep '^{"scenario"' <<<"$out" | tail -1)"
  last_json="{\"brokerName\":\"$broker_name\",${last_json#\{}"
  echo "$last_json" >>"$results"
  echo "  $(grep -v '^{' <<<"$out" | grep . | tail -1)"
}

# True when the last run carried its offered load: nothing lost, >= 95 % of the offered deliveries per second.
carried() { # $1 = offered deliveries per second
  local lost rate
  lost=$(json_field "$last_json" lost); rate=$(json_field "$last_json" deliveriesPerSecond)
  [ "$(json_field "$last_json" ok)" = true ] && [ "${lost:-1}" = 0 ] && awk -v r="${rate:-0}" -v o="$1" 'BEGIN {exit !(r >= 0.95 * o)}'
}

# True when the last run's end-to-end p99 stayed within LATENCY_P99_MS.
prompt() {
  local p99; p99="$(json_field "$(grep -o '"latency":{[^}]*}' <<<"$last_json")" p99)"
  awk -v p="${p99:-1e9}" -v limit="$LATENCY_P99_MS" 'BEGIN {exit !(p <= limit)}'
}

sweep() { # $1 = scenario, $2 = qos, $3 = rates, $4 = deliveries per message
  local rate best="none" best_prompt="none"
  start_broker
  for rate in $3; do
    measure --scenario "$1" --qos "$2" --rate "$rate"
    carried $((rate * $4)) || break
    best="$((rate * $4)) deliveries/s ($(latency_of "$last_json"))"
    if prompt; then best_prompt="$((rate * $4)) deliveries/s ($(latency_of "$last_json"))"; fi
  done
  summary+=("$1 qos$2: carried up to $best; with p99 <= $LATENCY_P99_MS ms up to $best_prompt")
  if [ "$1" = fanin ]; then
    measure --scenario fanin --qos "$2"
    summary+=("$1 qos$2 unpaced: $(json_field "$last_json" deliveriesPerSecond) deliveries/s, $(latency_of "$last_json"), lost $(json_field "$last_json" lost)")
  fi
  stop_broker
}

idle() {
  local before holding releasing after line out="" connected
  start_broker
  before=$(rss_kb)
  while IFS= read -r line; do
    out+="$line"$'\n'
    case "$line" in
      '{"event":"holding"'*) holding=$(rss_kb) ;;
      '{"event":"releasing"'*) releasing=$(rss_kb) ;;
    esac
  done < <(generate --scenario idle --connections "$IDLE_CONNECTIONS" --connect-rate "$IDLE_CONNECT_RATE" --duration "$IDLE_HOLD" || true)
  after=$(rss_kb); holding="${holding:-$before}"
  last_json="$(grep '^{"scenario"' <<<"$out" | tail -1)"
  connected=$(json_field "$last_json" connected)
  local per=$(( connected > 0 ? (holding - before) * 1024 / connected : 0 ))
  last_json="{\"brokerName\":\"$broker_name\",\"rssBeforeKb\":$before,\"rssHoldingKb\":$holding,\"rssReleasingKb\":${releasing:-0},\"rssAfterCloseKb\":$after,\"bytesPerConnection\":$per,${last_json#\{}"
  echo "$last_json" >>"$results"
  echo "  $(grep -v '^{' <<<"$out" | grep . | tail -1)"
  echo "  broker RSS: ${before} kB idle, ${holding} kB holding $connected, ${releasing:-?} kB before release, ${after} kB after close => $per bytes per connection"
  summary+=("idle: $connected connections, $per bytes per connection (RSS ${before} -> ${holding} kB)")
  stop_broker
}

echo "broker: ${BROKER_CMD:-$(mosquitto -h 2>/dev/null | head -1)}"
machine_line
summary=()
for scenario in $SCENARIOS; do
  case "$scenario" in
    fanin) for qos in $QOS_LEVELS; do echo "fan-in, QoS $qos:"; sweep fanin "$qos" "$FANIN_RATES" 1; done ;;
    fanout) for qos in $QOS_LEVELS; do echo "fan-out, QoS $qos:"; sweep fanout "$qos" "$FANOUT_RATES" 1000; done ;;
    idle) echo "idle connections:"; idle ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
done
echo "summary ($broker_name, load now $(cut -d' ' -f1-3 /proc/loadavg)):"
printf '  %s\n' "${summary[@]}"
echo "JSON lines: $results"
