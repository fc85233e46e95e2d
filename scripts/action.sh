#!/usr/bin/env bash
# The steps of action.yml: build sr-parity where the action was checked out (once), then run the command the
# inputs name from the job's working directory. Credentials come from the job's environment (SR_PASSWORD,
# SR_TARGET_TOKEN, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, ...), never from inputs, so they stay masked.
# A run that gives no verdict (exit 2: usage or spec; 3: a source unreadable; 4, 5) still annotates the step, writes
# the job summary and leaves a JUnit file saying it could not run: a dashboard never shows it as nothing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fail() { # exit-code message
  echo "::error title=sr-parity could not run::$2" >&2
  local command=${INPUT_COMMAND:-compare} junit=${INPUT_JUNIT:-sr-parity.xml}
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    printf '# sr-parity %s\n\n**NO VERDICT** (exit %s): %s\n' "$command" "$1" "$2" >>"$GITHUB_STEP_SUMMARY"
  fi
  if [ ! -f "$junit" ]; then
    mkdir -p "$(dirname "$junit")"
    local text; text=$(printf '%s' "$2" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g')
    cat >"$junit" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="sr-parity $command" tests="1" failures="0" errors="1">
  <testsuite name="sr-parity" tests="1" failures="0" errors="1">
    <testcase name="run" classname="sr-parity"><error message="$text" type="exit $1"/></testcase>
  </testsuite>
</testsuites>
XML
  fi
  exit "$1"
}
if [ ! -f "$here/dist/cli/main.js" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent) >&2 ||
    fail 5 "sr-parity could not be installed where the action was checked out"
fi
read -r -a extra <<<"${INPUT_ARGS:-}"
case "${INPUT_COMMAND:-compare}" in
  compare)
    [ -n "${INPUT_SOURCE:-}" ] && [ -n "${INPUT_TARGET:-}" ] || fail 2 "sr-parity compare needs source and target"
    set -- compare "$INPUT_SOURCE" "$INPUT_TARGET" ;;
  verify)
    [ -n "${INPUT_SPEC:-}" ] || fail 2 "sr-parity verify needs spec"
    set -- verify "$INPUT_SPEC" ;;
  *) fail 2 "sr-parity: command must be compare or verify (got ${INPUT_COMMAND})" ;;
esac
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
# stdout as it is; stderr shown and kept, for the line that says why a run gave no verdict
set +e
{ node "$here/dist/cli/main.js" "$@" --junit "${INPUT_JUNIT:-sr-parity.xml}" --format compact "${extra[@]}" \
  2>&1 1>&3 3>&- | tee "$errors" >&2; } 3>&1
code=${PIPESTATUS[0]}
set -e
[ "$code" -le 1 ] && exit "$code"
# The one line sr-parity gives for a run it could not make (its spec problems: the first, with their count)
fail "$code" "$(grep -v '^::' "$errors" | head -n 1 | sed 's/^sr-parity: //')"
