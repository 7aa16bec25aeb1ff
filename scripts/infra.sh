#!/usr/bin/env bash
# Brings up PostgreSQL, Redis and NATS (JetStream) on 127.0.0.1: uses them when running,
# starts them when stopped, installs the Debian packages when missing (needs root).
# Set DATABASE_URL / REDIS_URL / NATS_URL to use servers elsewhere; those are then left alone.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

APT_UPDATED=0
apt_install() {
  [ "$(id -u)" = 0 ] || die "$* is missing and installing it needs root (apt-get install $*)"
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  log "installing Debian packages: $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

is_local() { [[ "$1" == *"127.0.0.1"* || "$1" == *"localhost"* ]]; }

ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ] && ! is_local "$DATABASE_URL"; then log "PostgreSQL: using $DATABASE_URL"; return; fi
  if port_open 127.0.0.1 5432; then log "PostgreSQL: running"; return; fi
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)
  [ -n "$version" ] || die "PostgreSQL is installed but has no cluster (try: pg_createcluster)"
  # Trust auth on loopback for local development, as the README explains.
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -q "cmc-local-trust" "$hba" 2>/dev/null; then
    sed -i '1i # cmc-local-trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust' "$hba"
  fi
  log "PostgreSQL: starting cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_port 127.0.0.1 5432 PostgreSQL
}

ensure_redis() {
  if [ -n "${REDIS_URL:-}" ] && ! is_local "$REDIS_URL"; then log "Redis: using $REDIS_URL"; return; fi
  if port_open 127.0.0.1 6379; then log "Redis: running"; return; fi
  command -v redis-server >/dev/null || apt_install redis-server
  log "Redis: starting"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/cmc.log
  wait_port 127.0.0.1 6379 Redis
}

ensure_nats() {
  if [ -n "${NATS_URL:-}" ] && ! is_local "$NATS_URL"; then log "NATS: using $NATS_URL"; return; fi
  if port_open 127.0.0.1 4222; then log "NATS: running"; return; fi
  command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || apt_install nats-server
  local bin
  bin=$(command -v nats-server || echo /usr/sbin/nats-server)
  log "NATS: starting with JetStream"
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec "$bin" -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  wait_port 127.0.0.1 4222 NATS
}

# The ECG tests compare our decoder with pydicom from Debian's system python (not a pyenv one).
# The viewer test drives OHIF in Debian's Chromium; Noto CJK renders Chinese names in screenshots.
# The DIMSE tests send with dcmtk (echoscu, storescu, findscu), an independent DICOM implementation.
ensure_test_tools() {
  /usr/bin/python3 -c 'import pydicom, numpy' 2>/dev/null || apt_install python3-pydicom python3-numpy
  [ -x /usr/bin/chromium ] || apt_install chromium
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || apt_install fonts-noto-cjk
  command -v storescu >/dev/null || apt_install dcmtk
  # The bench smoke runs (test/e2e/bench-*smoke) start Debian's Orthanc (with its DICOMweb
  # plugin for bench:dicomweb) as their reference.
  [ -x /usr/sbin/Orthanc ] || apt_install orthanc
  [ -f /usr/share/orthanc/plugins/libOrthancDicomWeb.so ] || apt_install orthanc-dicomweb
}

# The ingest, DICOMweb and DIMSE benchmarks run Debian's Orthanc (and its DICOMweb plugin) beside
# the gateway; the DIMSE one sends with dcmtk's storescu.
ensure_bench_tools() {
  [ -x /usr/sbin/Orthanc ] || apt_install orthanc
  [ -f /usr/share/orthanc/plugins/libOrthancDicomWeb.so ] || apt_install orthanc-dicomweb
  command -v storescu >/dev/null || apt_install dcmtk
}

ensure_postgres
ensure_redis
ensure_nats
case "${1:-}" in
  --test) ensure_test_tools ;;
  --bench) ensure_bench_tools ;;
esac
