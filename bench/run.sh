#!/usr/bin/env bash
# Builds the benchmarks in Release and runs them all (about 3 minutes on 2 cores).
# Extra arguments go to BenchmarkDotNet, e.g. --filter '*Clip*' or --envVars DOTNET_gcServer:1.
# Reports land in bench/BenchmarkDotNet.Artifacts/results.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Others may be building in the same tree; a file-in-use error goes away on retry.
for attempt in 1 2 3; do
  dotnet build bench/SoundBoxSim.Benchmarks -c Release -nologo -v quiet -clp:ErrorsOnly && break
  [ "$attempt" -lt 3 ] || exit 1
  echo "run.sh: build failed, retrying" >&2
done

filter=(--filter '*')
[[ " $* " == *" --filter "* ]] && filter=()

# One launch, 5 warm-ups, 20 measured iterations of ~250 ms: a 99.9% confidence interval in minutes,
# where the default job (up to 100 iterations of 500 ms) takes over ten.
dotnet run -c Release --project bench/SoundBoxSim.Benchmarks --no-build -- "${filter[@]}" \
  --launchCount 1 --warmupCount 5 --iterationCount 20 --iterationTime 250 \
  --artifacts bench/BenchmarkDotNet.Artifacts "$@"
