#!/usr/bin/env bash
# npm stop: stops the services npm start launched (infrastructure is left running).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for app in gateway referral remote-diagnosis; do
  pidfile="$RUN_DIR/$app.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    [ "${1:-}" = "--quiet" ] || log "stopped $app"
  fi
  rm -f "$pidfile"
done
