#!/usr/bin/env bash
# Measures how long `sbsim up` takes to be ready, the way a CI script sees it: from launching the process to its
# --endpoints-file appearing (written once the servers listen and every device is online), then SIGTERM (a
# background job of a script ignores SIGINT, so scripts stop it with TERM). Each case runs RUNS
# times from a fresh process; the first run of all is thrown away (disk cache). Goal: under 3 s.
# Cases: default (3 devices, embedded broker), 100 devices, 3 devices on an external Mosquitto.
# Settings (environment): RUNS (10), SBSIM_DLL (default the Release build ./sbsim makes), CASES ("default fleet100 mosquitto").
# Needs Mosquitto for the mosquitto case (apt-get install mosquitto).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
RUNS="${RUNS:-10}"
CASES="${CASES:-default fleet100 mosquitto}"
SBSIM_DLL="${SBSIM_DLL:-}"
if [ -z "$SBSIM_DLL" ]; then
  ./sbsim --version >/dev/null
  SBSIM_DLL="$root/artifacts/bin/SoundBoxSim.Cli/release/sbsim.dll"
fi

work="$(mktemp -d)"
mosquitto_pid=""
trap '[ -n "$mosquitto_pid" ] && kill "$mosquitto_pid" 2>/dev/null; rm -rf "$work"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# One start: prints "<ms to endpoints file> <the simulator's own 'ready in' figure>".
one_start() {
  local file="$work/endpoints.json" log="$work/up.log"
  rm -f "$file"
  local started; started="$(now_ms)"
  dotnet "$SBSIM_DLL" up --port 0 --sepay-port 0 --mqtt-port 0 --endpoints-file "$file" "$@" >"$log" 2>&1 &
  local pid=$!
  while [ ! -f "$file" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "sbsim up exited while starting:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.005
  done
  local ready; ready="$(now_ms)"
  kill -TERM "$pid"; wait "$pid" || { echo "sbsim up did not stop cleanly on SIGTERM:" >&2; cat "$log" >&2; exit 1; }
  echo "$((ready - started)) $(grep -o 'ready in [0-9.]* s' "$log" | grep -o '[0-9.]*')"
}

run_case() { # name, then sbsim up options
  local name="$1"; shift
  local times=()
  local own=()
  for _ in $(seq 1 "$RUNS"); do
    read -r ms self <<<"$(one_start "$@")"
    times+=("$ms"); own+=("$self")
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  local n=${#sorted[@]}
  local median=${sorted[$((n / 2))]} min=${sorted[0]} max=${sorted[$((n - 1))]}
  local verdict=met; [ "$max" -lt 3000 ] || verdict="NOT met"
  printf '%-10s launch -> endpoints file: min %5d ms  median %5d ms  max %5d ms  (own "ready in": %s s)  goal < 3000 ms: %s\n' \
    "$name" "$min" "$median" "$max" "$(printf '%s ' "${own[@]}")" "$verdict"
}

one_start --devices 3 >/dev/null # warm the disk cache; not counted
for case in $CASES; do
  case "$case" in
    default) run_case default ;;
    fleet100) run_case fleet100 --devices 100 ;;
    mosquitto)
      port=$((20000 + RANDOM % 20000))
      printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" >"$work/mosquitto.conf"
      mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
      mosquitto_pid=$!
      for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.01; done
      run_case mosquitto --broker "mqtt://127.0.0.1:$port"
      kill "$mosquitto_pid"; wait "$mosquitto_pid" 2>/dev/null || true; mosquitto_pid=""
      ;;
    *) echo "unknown case $case" >&2; exit 2 ;;
  esac
done
