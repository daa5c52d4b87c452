#!/usr/bin/env bash
# Regenerates the clips of the shipped voice packs from espeak-ng (Debian package espeak-ng).
# Edit a pack's phrases in <pack>/pack.json, then run this script; it works out every word the phrases
# and number readings need, renders each word, trims and levels it, and rewrites <pack>/clips/ and the
# clip list. To record a human pack instead: copy a pack folder, list its words with
#   ./sbsim voicepack words --pack <folder>
# record one WAV per word (16-bit mono, one sample rate) under the file names it prints, and check it with
#   ./sbsim voicepack check --pack <folder>
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v espeak-ng >/dev/null || { echo "espeak-ng is needed: apt-get install espeak-ng" >&2; exit 1; }
"$root/sbsim" voicepack generate --pack "$here/north" --espeak-voice vi
"$root/sbsim" voicepack generate --pack "$here/south" --espeak-voice vi-vn-x-south
