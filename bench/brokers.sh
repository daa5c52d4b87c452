# Sourced by the bench scripts: starts and stops one broker at a time on a free loopback port.
# The caller defines broker_command PORT, which prints the command line to run (it may write config files
# first), and may set pin_broker (e.g. "taskset -c 0"). start_broker sets $port and $broker_pid; the broker's
# output goes to $work/broker.log.
export PATH="$PATH:/usr/sbin" # where Debian puts mosquitto
broker_pid=""

port_in_use() { ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }

start_broker() {
  local cmd
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 12000)) # below the ephemeral range, so our own client sockets never hold it
    port_in_use "$port" && continue
    cmd="$(broker_command "$port")"
    # exec keeps the broker's PID the one we read memory and CPU from.
    "${pin_broker[@]}" bash -c "exec $cmd" >"$work/broker.log" 2>&1 &
    broker_pid=$!
    # Ready when the port accepts a connection; the command may build first, so allow two minutes.
    for _ in $(seq 1 1200); do
      if ! kill -0 "$broker_pid" 2>/dev/null; then
        wait "$broker_pid" 2>/dev/null || true
        broker_pid=""
        if grep -qi "address already in use" "$work/broker.log"; then continue 2; fi
        echo "the broker exited while starting:" >&2; cat "$work/broker.log" >&2; exit 1
      fi
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
      sleep 0.1
    done
    echo "the broker did not accept connections on port $port within 120 s:" >&2; cat "$work/broker.log" >&2; exit 1
  done
  echo "no free port found for the broker" >&2; exit 1
}

stop_broker() {
  [ -n "$broker_pid" ] || return 0
  kill -TERM "$broker_pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$broker_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$broker_pid" 2>/dev/null || true
  wait "$broker_pid" 2>/dev/null || true
  broker_pid=""
}

# The settings both bench scripts give Mosquitto: loopback, anonymous, no persistence, no connection limit.
mosquitto_base_config() { # $1 = port
  cat <<CONF
listener $1 127.0.0.1
allow_anonymous true
persistence false
max_connections -1
connection_messages false
log_dest stderr
log_type error
log_type warning
log_type notice
CONF
}

machine_line() {
  echo "machine: $(nproc) CPUs ($(lscpu 2>/dev/null | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
}
