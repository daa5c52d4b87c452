#!/usr/bin/env bash
# Measures the Speaker API on this machine, the load generator pinned to one core and the server to the other:
#   chain  bench/SoundBoxSim.ApiLoad against `sbsim up --devices 100` with speech taking no time: pairs every device,
#          then transactions/notify at 500/s round-robin (open loop) for 20 s after a 3 s warm-up; per notify, the
#          request handed to HttpClient -> the device's "started" ack for its requestId arriving at the tool's MQTT
#          subscriber on the simulator's broker; notify HTTP latency; nothing lost (every notify 200 SENT, started,
#          played, check_notify SUCCESS). Goal: p50 < 5 ms, p99 < 50 ms, nothing lost.
#   check  pair/check throughput with wrk, the same settings against each server in turn: ours (`sbsim up`), a bare
#          Kestrel minimal API answering the same bytes (bench/SoundBoxSim.BareKestrel), and Prism mocking our
#          OpenAPI document. Goal: ours >= 0.6 x bare Kestrel, >= 5 x Prism.
# Settings (environment): SCENARIOS (default "chain check"), SERVERS (check: "ours bare prism"), LOAD_CPU (0),
# SERVER_CPU (1), CHAIN_DEVICES (100), CHAIN_RATE (500), CHAIN_DURATION (20s), CHAIN_WARMUP (3s),
# WRK_THREADS (1), WRK_CONNECTIONS (64), WRK_DURATION (15s), WRK_WARMUP (5s),
# OPENAPI (scenarios/SoundBoxSim.Host/openapi.yaml), SBSIM_DLL (the sbsim to measure; default the Release build
# ./sbsim makes), SPEECH_ARGS (what makes `sbsim up` speak in no time; default "--speech-scale 0").
# Needs wrk (apt-get install wrk) and Node.js with npm (Prism is installed into bench/tools from its lock file).
# One line per measurement on stdout and a summary against the goals; the JSON lines go to artifacts/speakerapi-bench/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SCENARIOS="${SCENARIOS:-chain check}"
SERVERS="${SERVERS:-ours bare prism}"
LOAD_CPU="${LOAD_CPU:-0}"
SERVER_CPU="${SERVER_CPU:-1}"
CHAIN_DEVICES="${CHAIN_DEVICES:-100}"
CHAIN_RATE="${CHAIN_RATE:-500}"
CHAIN_DURATION="${CHAIN_DURATION:-20s}"
CHAIN_WARMUP="${CHAIN_WARMUP:-3s}"
WRK_THREADS="${WRK_THREADS:-1}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-64}"
WRK_DURATION="${WRK_DURATION:-15s}"
WRK_WARMUP="${WRK_WARMUP:-5s}" # thrown away: JIT tiering (ours, bare) and V8 (Prism) settle first
OPENAPI="${OPENAPI:-scenarios/SoundBoxSim.Host/openapi.yaml}"
SBSIM_DLL="${SBSIM_DLL:-}"
SPEECH_ARGS="${SPEECH_ARGS:---speech-scale 0}"
SERIAL=VNS52508000001 # the device pair/check asks about: online and unpaired on a fresh `sbsim up`

work="$(mktemp -d)"
trap 'stop_broker; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
# start_broker/stop_broker start and stop any one server on a free loopback port (here: ours, bare Kestrel, Prism).
# shellcheck source=../brokers.sh
source "$root/bench/brokers.sh"
pin_broker=(taskset -c "$SERVER_CPU")
pin_load=(taskset -c "$LOAD_CPU")

echo "building sbsim and the bench tools..."
if [ -z "$SBSIM_DLL" ]; then
  ./sbsim --version >/dev/null
  SBSIM_DLL="$root/artifacts/bin/SoundBoxSim.Cli/release/sbsim.dll"
fi
dotnet build bench/SoundBoxSim.ApiLoad -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build bench/SoundBoxSim.BareKestrel -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
apiload="$root/artifacts/bin/SoundBoxSim.ApiLoad/release/sbsim-apiload.dll"
bare="$root/artifacts/bin/SoundBoxSim.BareKestrel/release/sbsim-barekestrel.dll"
prism="$root/bench/tools/node_modules/.bin/prism"
results="$root/artifacts/speakerapi-bench/speakerapi-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
mkdir -p "$(dirname "$results")"

server_name=""
broker_command() { # $1 = port
  case "$server_name" in
    ours) echo "dotnet $SBSIM_DLL up --devices $devices --port $1 --sepay-port 0 --mqtt-port 0 --quiet --endpoints-file $work/endpoints.json $up_extra" ;;
    bare) echo "dotnet $bare --port $1 --devices $devices" ;;
    prism) echo "$prism mock -h 127.0.0.1 -p $1 $OPENAPI" ;;
  esac
}

# Starts `sbsim up` pinned to SERVER_CPU and waits for its endpoints file (written once every device is online).
start_ours() {
  rm -f "$work/endpoints.json"
  server_name=ours; start_broker
  for _ in $(seq 1 1200); do
    [ -f "$work/endpoints.json" ] && return 0
    kill -0 "$broker_pid" 2>/dev/null || { echo "sbsim up exited while starting:" >&2; cat "$work/broker.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "sbsim up: no endpoints file within 120 s" >&2; exit 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system, in clock ticks
percent() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v s="$2" 'BEGIN {printf "%.0f", t * 100 / hz / s}'; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {print (b - a) / 1e9}'; } # between two date +%s%N
seconds() { awk -v t="$1" 'BEGIN {u = 1; if (t ~ /ms$/) u = 0.001; else if (t ~ /m$/) u = 60; gsub(/[a-z]/, "", t); print t * u}'; }
to_ms() { awk -v t="$1" 'BEGIN {u = 1; if (t ~ /us$/) u = 0.001; else if (t ~ /ms$/) u = 1; else if (t ~ /m$/) u = 60000; else if (t ~ /s$/) u = 1000; gsub(/[a-z]/, "", t); printf "%.3f", t * u}'; }

chain() {
  local out json human probe
  # The option asked with a bad value (its trailing 0 made -1): an sbsim up that has it refuses the value at once.
  probe="$(timeout 30 dotnet "$SBSIM_DLL" up --port 0 --sepay-port 0 --mqtt-port 0 --devices 1 --quiet ${SPEECH_ARGS/%0/-1} 2>&1 || true)"
  if grep -qi unrecognized <<<"$probe"; then
    echo "  chain: skipped: this sbsim up does not take '$SPEECH_ARGS' (speech time must be excluded: at 5 notifies/s per device the"
    echo "         devices' queues would grow without end). Give sbsim up that option, or set SBSIM_DLL / SPEECH_ARGS."
    summary+=("chain: skipped (sbsim up has no '$SPEECH_ARGS')")
    return 0
  fi
  devices=$CHAIN_DEVICES up_extra="$SPEECH_ARGS"
  start_ours
  out="$("${pin_load[@]}" dotnet "$apiload" --endpoints-file "$work/endpoints.json" --devices "$CHAIN_DEVICES" --rate "$CHAIN_RATE" \
    --duration "$CHAIN_DURATION" --warmup "$CHAIN_WARMUP" --label ours 2>"$work/apiload.err")" || true
  stop_broker
  json="$(grep '^{' <<<"$out" | tail -1)"
  [ -n "$json" ] || { echo "sbsim-apiload failed:" >&2; cat "$work/apiload.err" >&2; exit 1; }
  echo "$json" >>"$results"
  human="$(grep -v '^{' <<<"$out" | tail -1)"
  echo "  $human"
  grep 'first problem' "$work/apiload.err" | sed 's/^/  /' || true
  summary+=("chain: ${human#*: }")
}

# One server: a token from its token/create, one pair/check to see the answer, a warm-up wrk run, the measured one.
check_one() {
  local base url token code bytes wrk_pid wrk_args s0 s1 t0 t1 w0 w1 wt0 wt1 server_cpu wrk_cpu secs rps p50 p99 requests non2xx errors same="" line
  case "$server_name" in
    ours) devices=$CHAIN_DEVICES up_extra="" start_ours; base="$(sed -n 's/.*"speakerApi": *"\([^"]*\)".*/\1/p' "$work/endpoints.json")" ;;
    bare) devices=$CHAIN_DEVICES start_broker; base="http://127.0.0.1:$port/devices/v1" ;;
    prism)
      if [ ! -f "$OPENAPI" ]; then
        echo "  prism: skipped: $OPENAPI does not exist (set OPENAPI to a document)"; summary+=("check, prism: skipped (no $OPENAPI)"); return 0
      fi
      [ -x "$prism" ] || npm ci --prefix bench/tools --no-audit --no-fund --loglevel=error >/dev/null
      start_broker
      # Prism routes the document's paths as written, without the servers' base path: find where pair/check is.
      base="http://127.0.0.1:$port/devices/v1"
      [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/speaker/pair/check")" != 404 ] || base="http://127.0.0.1:$port"
      ;;
  esac
  token="$(curl -s -u sbsim-partner:sbsim-secret -X POST "$base/token/create" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
  [ -n "$token" ] || token="bench-token" # Prism checks only that a bearer token is there
  url="$base/speaker/pair/check"
  read -r code bytes < <(curl -s -o "$work/$server_name.body" -w '%{http_code} %{size_download}\n' -X POST "$url" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data "{\"hardwareId\":\"$SERIAL\"}")
  if [ "$code" != 200 ]; then
    echo "$server_name: pair/check answered $code, not 200: $(cat "$work/$server_name.body")" >&2; exit 1
  fi
  if [ "$server_name" != ours ] && [ -f "$work/ours.body" ]; then
    if cmp -s "$work/ours.body" "$work/$server_name.body"; then same=", the same bytes as ours"; else same=", NOT the same bytes as ours"; fi
  fi

  # The same wrk settings for every server; --timeout 10s, so a slow answer is counted, not dropped as an error.
  wrk_args=(-t"$WRK_THREADS" -c"$WRK_CONNECTIONS" --timeout 10s -s bench/speakerapi/pair-check.lua "$url" -- "$token" "$SERIAL")
  "${pin_load[@]}" wrk -d"$WRK_WARMUP" "${wrk_args[@]}" >/dev/null
  s0=$(cpu_ticks "$broker_pid"); t0=$(date +%s%N)
  "${pin_load[@]}" wrk -d"$WRK_DURATION" --latency "${wrk_args[@]}" >"$work/wrk.txt" &
  wrk_pid=$!
  # wrk's own CPU over most of its run, to see whether the load tool or the server is the limit.
  sleep 0.5; w0=$(cpu_ticks "$wrk_pid" 2>/dev/null || echo 0); wt0=$(date +%s%N)
  sleep "$(awk -v s="$(seconds "$WRK_DURATION")" 'BEGIN {print (s > 2 ? s - 1 : s / 2)}')"
  w1=$(cpu_ticks "$wrk_pid" 2>/dev/null || echo "$w0"); wt1=$(date +%s%N)
  wait "$wrk_pid"
  s1=$(cpu_ticks "$broker_pid"); t1=$(date +%s%N)
  stop_broker
  server_cpu="$(percent $((s1 - s0)) "$(elapsed "$t0" "$t1")")"
  wrk_cpu="$(percent $((w1 - w0)) "$(elapsed "$wt0" "$wt1")")"

  secs="$(seconds "$WRK_DURATION")"
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")"
  requests="$(awk '/requests in/ {print $1}' "$work/wrk.txt")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$work/wrk.txt")"; non2xx="${non2xx:-0}"
  errors="$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$work/wrk.txt")"; errors="${errors:-0}"
  [ -n "$rps" ] || { echo "wrk printed no rate:" >&2; cat "$work/wrk.txt" >&2; exit 1; }
  rate[$server_name]="$rps"
  line="$server_name: $(printf '%.0f' "$rps") requests/s ($requests in $secs s, $WRK_CONNECTIONS connections), latency p50 $p50 ms, p99 $p99 ms; non-2xx $non2xx, socket errors $errors; server CPU $server_cpu % of its core, wrk $wrk_cpu % of its; answer $bytes bytes$same"
  echo "  $line"
  echo "{\"scenario\":\"check\",\"server\":\"$server_name\",\"requestsPerSecond\":$rps,\"requests\":$requests,\"seconds\":$secs,\"threads\":$WRK_THREADS,\"connections\":$WRK_CONNECTIONS,\"latencyP50Ms\":$p50,\"latencyP99Ms\":$p99,\"non2xx\":$non2xx,\"socketErrors\":$errors,\"serverCpuPercent\":$server_cpu,\"wrkCpuPercent\":$wrk_cpu,\"responseBytes\":$bytes,\"sameBytesAsOurs\":$(case "$same" in "") echo null ;; ", the same"*) echo true ;; *) echo false ;; esac)}" >>"$results"
  if [ "$non2xx" != 0 ] || [ "$errors" != 0 ]; then summary+=("check, $server_name: $non2xx non-2xx answers, $errors socket errors: not a valid measurement"); fi
}

check() {
  declare -gA rate=()
  local ratio
  for server_name in $SERVERS; do check_one; done
  if [ -n "${rate[ours]:-}" ] && [ -n "${rate[bare]:-}" ]; then
    ratio="$(awk -v a="${rate[ours]}" -v b="${rate[bare]}" 'BEGIN {printf "%.2f", a / b}')"
    summary+=("check: ours $(printf '%.0f' "${rate[ours]}")/s vs bare Kestrel $(printf '%.0f' "${rate[bare]}")/s = ${ratio}x (goal >= 0.6x): $(awk -v r="$ratio" 'BEGIN {print (r >= 0.6 ? "met" : "NOT met")}')")
  fi
  if [ -n "${rate[ours]:-}" ] && [ -n "${rate[prism]:-}" ]; then
    ratio="$(awk -v a="${rate[ours]}" -v b="${rate[prism]}" 'BEGIN {printf "%.1f", a / b}')"
    summary+=("check: ours $(printf '%.0f' "${rate[ours]}")/s vs Prism $(printf '%.0f' "${rate[prism]}")/s = ${ratio}x (goal >= 5x): $(awk -v r="$ratio" 'BEGIN {print (r >= 5 ? "met" : "NOT met")}')")
  fi
}

command -v wrk >/dev/null || { [[ " $SCENARIOS " != *" check "* ]] || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }; }
echo "servers on CPU $SERVER_CPU, load on CPU $LOAD_CPU; sbsim $(dotnet "$SBSIM_DLL" --version), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), Prism $("$prism" --version 2>/dev/null || echo "not installed yet"), Node.js $(node --version 2>/dev/null || echo missing)"
machine_line
summary=()
for scenario in $SCENARIOS; do
  case "$scenario" in
    chain) echo "whole chain, notify -> the device's started ack ($CHAIN_RATE/s over $CHAIN_DEVICES devices, $CHAIN_DURATION after $CHAIN_WARMUP warm-up):"; chain ;;
    check) echo "pair/check throughput (wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION after $WRK_WARMUP warm-up):"; check ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
done
echo "summary (load now $(cut -d' ' -f1-3 /proc/loadavg)):"
printf '  %s\n' "${summary[@]}"
echo "JSON lines: $results"
