#!/usr/bin/env bash
# The steps of action.yml: build sr-parity where the action was checked out (once), then run the command the
# inputs name from the job's working directory. Credentials come from the job's environment (SR_PASSWORD,
# SR_TARGET_TOKEN, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, ...), never from inputs, so they stay masked.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ ! -f "$here/dist/cli/main.js" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent) >&2
fi
read -r -a extra <<<"${INPUT_ARGS:-}"
case "${INPUT_COMMAND:-compare}" in
  compare)
    [ -n "${INPUT_SOURCE:-}" ] && [ -n "${INPUT_TARGET:-}" ] || { echo "::error::sr-parity compare needs source and target" >&2; exit 2; }
    set -- compare "$INPUT_SOURCE" "$INPUT_TARGET" ;;
  verify)
    [ -n "${INPUT_SPEC:-}" ] || { echo "::error::sr-parity verify needs spec" >&2; exit 2; }
    set -- verify "$INPUT_SPEC" ;;
  *) echo "::error::sr-parity: command must be compare or verify (got ${INPUT_COMMAND})" >&2; exit 2 ;;
esac
exec node "$here/dist/cli/main.js" "$@" --junit "${INPUT_JUNIT:-sr-parity.xml}" --format compact "${extra[@]}"
