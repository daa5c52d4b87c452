#!/usr/bin/env bash
# Measures the emulated speaker fleet on this machine, against our broker and Mosquitto in the same run:
#   idle      N devices in one `sbsim emulate` process over TCP to a broker in another process: time until all
#             are online, then over an idle window the CPU share of both processes and the RSS of the fleet;
#             memory per device = (RSS with N devices - RSS with 1 device) / (N - 1), both measured the same way.
#   embedded  `sbsim emulate --broker embedded`: broker and devices in one process over the in-memory transport:
#             time until all are online, peak and settled RSS.
#   latency   bench/SoundBoxSim.FleetLoad: paired devices and a commander publishing announce commands at a fixed
#             rate; published -> the device starts playing it (speech itself takes no time).
# Settings (environment): SCENARIOS (default "idle embedded latency"), BROKERS (default "ours mosquitto"),
# DEVICES (10000), IDLE_WINDOW (seconds, 120: two telemetry and keep-alive periods), SETTLE (seconds, 10),
# EMBEDDED_DEVICES (50000), LATENCY_DEVICES (1000), LATENCY_RATE (500), LATENCY_DURATION (20s).
# One line per measurement on stdout; the JSON lines go to artifacts/fleet-bench/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SCENARIOS="${SCENARIOS:-idle embedded latency}"
BROKERS="${BROKERS:-ours mosquitto}"
DEVICES="${DEVICES:-10000}"
IDLE_WINDOW="${IDLE_WINDOW:-120}"
SETTLE="${SETTLE:-10}"
EMBEDDED_DEVICES="${EMBEDDED_DEVICES:-50000}"
LATENCY_DEVICES="${LATENCY_DEVICES:-1000}"
LATENCY_RATE="${LATENCY_RATE:-500}"
LATENCY_DURATION="${LATENCY_DURATION:-20s}"

# 10,000 device sockets in the fleet's process and as many in the broker's; 20,000 is this machine's hard limit.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

work="$(mktemp -d)"
fleet_pid=""
trap 'stop_fleet; stop_broker; rm -rf "$work"' EXIT
# shellcheck source=../brokers.sh
source "$root/bench/brokers.sh"

echo "building sbsim and the fleet load tool..."
./sbsim --version >/dev/null
dotnet build bench/SoundBoxSim.FleetLoad -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
sbsim_dll="$root/artifacts/bin/SoundBoxSim.Cli/release/sbsim.dll"
fleetload="$root/artifacts/bin/SoundBoxSim.FleetLoad/release/sbsim-fleetload.dll"
results="$root/artifacts/fleet-bench/fleet-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
mkdir -p "$(dirname "$results")"

broker_name=""
broker_command() { # $1 = port
  case "$broker_name" in
    ours) echo "dotnet $sbsim_dll broker --port $1" ;;
    mosquitto) mosquitto_base_config "$1" >"$work/mosquitto.conf"; echo "mosquitto -c $work/mosquitto.conf" ;;
  esac
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system, in clock ticks
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
percent() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v s="$2" 'BEGIN {printf "%.2f", t * 100 / hz / s}'; }

# Starts `sbsim emulate` with the given arguments; waits for its "all N devices online after X s" line.
# Sets fleet_pid, online_s (the fleet's own count from power-on) and wall_s (from process start).
start_fleet() {
  local started line
  started=$(date +%s%N)
  dotnet "$sbsim_dll" emulate "$@" >"$work/fleet.log" 2>&1 &
  fleet_pid=$!
  for _ in $(seq 1 1800); do
    if line="$(grep -m1 -o 'online after [0-9.]* s' "$work/fleet.log")"; then
      online_s="$(grep -o '[0-9.]*' <<<"$line")"
      wall_s="$(awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')"
      return 0
    fi
    kill -0 "$fleet_pid" 2>/dev/null || { echo "sbsim emulate exited:" >&2; cat "$work/fleet.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "sbsim emulate: not all online within 180 s:" >&2; tail -5 "$work/fleet.log" >&2; exit 1
}

stop_fleet() {
  [ -n "$fleet_pid" ] || return 0
  kill -INT "$fleet_pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$fleet_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$fleet_pid" 2>/dev/null || true
  wait "$fleet_pid" 2>/dev/null || true
  fleet_pid=""
}

# After SETTLE s, CPU of the fleet (and broker, if any) over IDLE_WINDOW s; sets fleet_cpu, broker_cpu, rss_kb, hwm_kb.
measure_idle() {
  local f0 f1 b0=0 b1=0
  sleep "$SETTLE"
  f0=$(cpu_ticks "$fleet_pid"); [ -z "$broker_pid" ] || b0=$(cpu_ticks "$broker_pid")
  sleep "$IDLE_WINDOW"
  f1=$(cpu_ticks "$fleet_pid"); [ -z "$broker_pid" ] || b1=$(cpu_ticks "$broker_pid")
  fleet_cpu=$(percent $((f1 - f0)) "$IDLE_WINDOW"); broker_cpu=$(percent $((b1 - b0)) "$IDLE_WINDOW")
  rss_kb=$(status_kb "$fleet_pid" VmRSS); hwm_kb=$(status_kb "$fleet_pid" VmHWM)
  broker_rss_kb=0; [ -z "$broker_pid" ] || broker_rss_kb=$(status_kb "$broker_pid" VmRSS)
}

idle() {
  local base_rss per
  start_broker
  start_fleet --broker "mqtt://127.0.0.1:$port" --devices 1
  measure_idle; base_rss=$rss_kb
  stop_fleet
  start_fleet --broker "mqtt://127.0.0.1:$port" --devices "$DEVICES"
  measure_idle
  stop_fleet; stop_broker
  per=$(( (rss_kb - base_rss) * 1024 / (DEVICES - 1) ))
  echo "  $broker_name: $DEVICES devices online after ${online_s} s (${wall_s} s from process start); idle over ${IDLE_WINDOW} s: fleet CPU ${fleet_cpu} % of one core, broker ${broker_cpu} %; fleet RSS ${rss_kb} kB (1 device: ${base_rss} kB) => ${per} B per device; broker RSS ${broker_rss_kb} kB"
  echo "{\"scenario\":\"idle\",\"broker\":\"$broker_name\",\"devices\":$DEVICES,\"onlineSeconds\":$online_s,\"wallSeconds\":$wall_s,\"windowSeconds\":$IDLE_WINDOW,\"fleetCpuPercent\":$fleet_cpu,\"brokerCpuPercent\":$broker_cpu,\"fleetRssKb\":$rss_kb,\"fleetPeakRssKb\":$hwm_kb,\"oneDeviceRssKb\":$base_rss,\"bytesPerDevice\":$per,\"brokerRssKb\":$broker_rss_kb}" >>"$results"
  summary+=("idle, $broker_name: $DEVICES online in ${online_s} s, $per B per device, fleet CPU ${fleet_cpu} %")
}

embedded() {
  start_fleet --broker embedded --devices "$EMBEDDED_DEVICES"
  measure_idle
  stop_fleet
  echo "  embedded: $EMBEDDED_DEVICES devices online after ${online_s} s (${wall_s} s from process start); RSS peak ${hwm_kb} kB, settled ${rss_kb} kB; idle CPU ${fleet_cpu} % over ${IDLE_WINDOW} s"
  echo "{\"scenario\":\"embedded\",\"devices\":$EMBEDDED_DEVICES,\"onlineSeconds\":$online_s,\"wallSeconds\":$wall_s,\"windowSeconds\":$IDLE_WINDOW,\"cpuPercent\":$fleet_cpu,\"rssKb\":$rss_kb,\"peakRssKb\":$hwm_kb}" >>"$results"
  summary+=("embedded: $EMBEDDED_DEVICES online in ${online_s} s, peak RSS $((hwm_kb / 1024)) MiB")
}

latency() {
  local out json
  start_broker
  out="$(dotnet "$fleetload" --port "$port" --broker-name "$broker_name" --devices "$LATENCY_DEVICES" --rate "$LATENCY_RATE" --duration "$LATENCY_DURATION" 2>"$work/fleetload.err")" || true
  stop_broker
  json="$(grep '^{' <<<"$out" | tail -1)"
  [ -n "$json" ] || { echo "sbsim-fleetload failed:" >&2; cat "$work/fleetload.err" >&2; exit 1; }
  echo "$json" >>"$results"
  echo "  $(grep -v '^{' <<<"$out" | tail -1)"
  summary+=("latency, $(grep -v '^{' <<<"$out" | tail -1 | cut -d, -f2-)")
}

echo "brokers: ours ($sbsim_dll broker), $(mosquitto -h 2>/dev/null | head -1)"
machine_line
summary=()
for scenario in $SCENARIOS; do
  case "$scenario" in
    idle) echo "idle fleet over TCP:"; for broker_name in $BROKERS; do idle; done ;;
    embedded) echo "embedded broker, in-memory transport:"; embedded ;;
    latency) echo "command latency:"; for broker_name in $BROKERS; do latency; done ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
done
echo "summary (load now $(cut -d' ' -f1-3 /proc/loadavg)):"
printf '  %s\n' "${summary[@]}"
echo "JSON lines: $results"
