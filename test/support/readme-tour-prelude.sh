# Sourced before a README tour (test/e2e/readme-tours.e2e.spec.ts), never shown in the README.
# Stops at the first failing command; records each curl's HTTP status with the tour line that
# sent it; marks each command's output with its line so a `# → text` promise is checked against
# what that line printed.
set -eo pipefail
curl() {
  local body code rc=0
  body=$(mktemp)
  code=$(command curl -w '%{http_code}' -o "$body" "$@") || rc=$?
  cat "$body"
  rm -f "$body"
  printf '%s %s\n' "${BASH_LINENO[0]}" "$code" >>"$TOUR_STATUS_LOG"
  return $rc
}
trap 'printf "\n@@LINE %s\n" "$LINENO"' DEBUG
