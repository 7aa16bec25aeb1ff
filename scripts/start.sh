#!/usr/bin/env bash
# npm start: dependencies, infrastructure, build, database, migrations, demo data, and the
# three services. Foreground by default (Ctrl-C stops all); `npm start -- --detach` returns
# once the gateway is ready and leaves the services running (stop them with `npm stop`).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DETACH=0
[ "${1:-}" = "--detach" ] && DETACH=1

ensure_node_deps
bash "$ROOT/scripts/infra.sh"
build
ensure_secrets
ensure_ohif

export PORT="${PORT:-3000}" HOST="${HOST:-127.0.0.1}" VIEWER_PORT="${VIEWER_PORT:-3001}"
export DIMSE_PORT="${DIMSE_PORT:-11112}" DIMSE_AE_TITLE="${DIMSE_AE_TITLE:-CMC}"
export HL7_PORT="${HL7_PORT:-2575}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cmc}"
export BLOB_DIR="${BLOB_DIR:-$ROOT/.run/blobs}"
# Uploads free many large buffers; with glibc's default arena count the gateway keeps tens of
# MB of freed memory per arena (bench/intake: gateway RSS). Two arenas keep RSS near the heap.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
node "$ROOT/dist/scripts/ensure-database.js"
node "$ROOT/dist/scripts/migrate.js"

bash "$ROOT/scripts/stop.sh" --quiet
for app in referral remote-diagnosis gateway; do
  node "$ROOT/dist/apps/$app/src/main.js" >>"$RUN_DIR/$app.log" 2>&1 &
  echo $! >"$RUN_DIR/$app.pid"
  log "started $app (pid $!, log .run/$app.log)"
done

# Node rather than curl: a slim machine may not have curl, but it has the node that runs us.
ready() {
  node -e "fetch('http://$HOST:$PORT/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
}
for _ in $(seq 120); do
  if ready; then break; fi
  for app in referral remote-diagnosis gateway; do
    kill -0 "$(cat "$RUN_DIR/$app.pid")" 2>/dev/null || { tail -n 30 "$RUN_DIR/$app.log" >&2; die "$app exited during start-up"; }
  done
  sleep 0.5
done
ready || die "gateway not ready; see .run/gateway.log"

cat <<INFO

  County medical community platform is up.
    Console       http://$HOST:$PORT/console/   (控制台, zh-CN; sign in with a demo login below)
    API           http://$HOST:$PORT/api/v1
    DICOMweb      http://$HOST:$PORT/dicomweb   (QIDO/WADO/STOW-RS, same tokens and API keys)
    Viewer (OHIF) http://$HOST:$VIEWER_PORT/   (sign in as a reader; /viewer?StudyInstanceUIDs=…)
    DICOM DIMSE   AE title $DIMSE_AE_TITLE on ${DIMSE_HOST:-$HOST}:$DIMSE_PORT   (C-ECHO, C-STORE; demo modality AE PJ_DEMO_CT)
    HL7 v2 MLLP   ${HL7_HOST:-$HOST}:$HL7_PORT   (ADT^A04/A08, ORM^O01 in; ORU^R01 out; docs/hl7.md)
    OpenAPI       http://$HOST:$PORT/api/docs   (JSON: /api/docs-json)
    Health        http://$HOST:$PORT/health/ready
    Metrics       http://$HOST:$PORT/metrics
    Logs          .run/*.log

  Secrets       $SECRETS_FILE (mode 0600; JWT_SECRET, PII_KEY, BUS_SIGNING_KEY, demo password and API key)

  Demo logins (password $DEMO_PASSWORD), 梁平区人民医院医联体:
    rm.admin (community_admin)   rm.coord (referral_coordinator)   rm.doctor (clinician)
    rm.reader (reader, 影像)      rm.ecg (reader, 心电)       rm.senior (senior_reader)
    pj.doctor, pj.coord          屏锦中心卫生院 clinician / coordinator
  梁平区中医医院医联体: zy.admin, zy.coord, zy.reader, bj.doctor (柏家中心卫生院)
  Demo API client (屏锦 HIS): X-API-Key: \$DEMO_API_KEY (in the secrets file)

  Try: set -a; . $SECRETS_FILE; set +a
       curl -s -X POST http://$HOST:$PORT/api/v1/auth/token -H 'content-type: application/json' \\
         -d "{\"username\":\"pj.doctor\",\"password\":\"\$DEMO_PASSWORD\"}"
INFO

if [ "$DETACH" = 1 ]; then exit 0; fi
log "running in the foreground; Ctrl-C stops the services"
trap 'bash "$ROOT/scripts/stop.sh"; exit 0' INT TERM
wait
