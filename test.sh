#!/usr/bin/env bash
# Runs every test of SoundBoxSim. Installs the real tools the tests use when they are missing (Debian
# packages through apt-get, npm packages through npm), builds in Release, runs all test projects, and ends
# with one line: "tests: N passed, M failed, K skipped".
# A tool that cannot be installed on this machine is listed in SBSIM_UNINSTALLABLE; only tests that need
# such a tool skip, and say which tool is missing. Every other missing tool fails its tests loudly.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- tools -------------------------------------------------------------------------------------------
declare -A wanted=(        # command or file -> Debian package
  [espeak-ng]=espeak-ng
  [/usr/lib/x86_64-linux-gnu/libespeak-ng.so.1]=libespeak-ng1
  [sox]=sox
  [soxi]=sox
  [mosquitto]=mosquitto
  [mosquitto_pub]=mosquitto-clients
  [mosquitto_sub]=mosquitto-clients
  [node]=nodejs
  [npm]=npm
  [/usr/bin/kill]=procps
  [stdbuf]=coreutils
  [curl]=curl
)
present() { if [[ "$1" == /* ]]; then [ -e "$1" ] || ldconfig -p 2>/dev/null | grep -q "$(basename "$1")"; else command -v "$1" >/dev/null 2>&1; fi; }
missing_packages() { for item in "${!wanted[@]}"; do present "$item" || echo "${wanted[$item]}"; done | sort -u; }

packages="$(missing_packages | tr '\n' ' ')"
if [ -n "${packages// /}" ]; then
  echo "test.sh: installing missing Debian packages: $packages"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $packages; } >/tmp/sbsim-apt.log 2>&1; then
    echo "test.sh: apt-get could not install them (see /tmp/sbsim-apt.log)" >&2
  fi
fi
uninstallable="$(missing_packages | tr '\n' ' ')"

if command -v npm >/dev/null 2>&1; then
  if [ ! -d tests/tools/node_modules/read-vietnamese-number ] || [ ! -d tests/tools/node_modules/mqtt ] \
    || [ ! -d tests/tools/node_modules/@apidevtools/swagger-parser ] || [ ! -d tests/tools/node_modules/vietnam-qr-pay ] \
    || [ ! -d tests/tools/node_modules/jsqr ] || [ ! -d tests/tools/node_modules/pngjs ]; then
    (cd tests/tools && npm ci --no-audit --no-fund --loglevel=error) || echo "test.sh: npm could not install tests/tools" >&2
  fi
fi
[ -d tests/tools/node_modules/read-vietnamese-number ] || uninstallable+=" read-vietnamese-number"
[ -d tests/tools/node_modules/mqtt ] || uninstallable+=" mqtt"
[ -d tests/tools/node_modules/@apidevtools/swagger-parser ] || uninstallable+=" @apidevtools/swagger-parser"
[ -d tests/tools/node_modules/vietnam-qr-pay ] || uninstallable+=" vietnam-qr-pay"
[ -d tests/tools/node_modules/jsqr ] || uninstallable+=" jsqr"
[ -d tests/tools/node_modules/pngjs ] || uninstallable+=" pngjs"
export SBSIM_UNINSTALLABLE="$uninstallable"
[ -z "${uninstallable// /}" ] || echo "test.sh: could not install: $uninstallable (tests that need them will skip and say so)" >&2

# --- build and test ----------------------------------------------------------------------------------
results="$root/artifacts/test-results"
rm -rf "$results"
summary() { echo "tests: $1 passed, $2 failed, $3 skipped"; }

if ! dotnet build SoundBoxSim.sln -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "test.sh: the build failed" >&2
  summary 0 1 0
  exit 1
fi

dotnet test SoundBoxSim.sln -c Release --no-build -nologo --blame-hang-timeout 5m \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed))); failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
# A crashed test host leaves no failed test behind; count it so the line never says all is well.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
summary "$passed" "$failed" "$skipped"
exit $status
