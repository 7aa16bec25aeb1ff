# Shared helpers for the start/test/infra scripts. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${CMC_RUN_DIR:-$ROOT/.run}"
mkdir -p "$RUN_DIR"

log() { printf '\033[1;34m[cmc]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[cmc]\033[0m %s\n' "$*" >&2; exit 1; }

# Wait until host:port accepts TCP connections (bash's /dev/tcp: no netcat needed).
wait_port() {
  local host=$1 port=$2 what=$3 tries=${4:-60}
  for _ in $(seq "$tries"); do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  die "$what did not come up on $host:$port"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

ensure_node_deps() {
  cd "$ROOT"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # npm install, not npm ci: npm 11 leaves other platforms' optional packages (swc,
    # msgpackr) out of the lock file, and npm ci then refuses it as out of sync.
    log "installing npm dependencies (npm install, from package-lock.json)"
    npm install --no-audit --no-fund
  fi
}

build() {
  cd "$ROOT"
  log "building (tsc)"
  npm run --silent build
}

# Secrets for a local installation: generated on first start into .run/secrets.env (mode 0600),
# reused afterwards. A variable already set in the environment wins over the file.
SECRETS_FILE="$RUN_DIR/secrets.env"
ensure_secrets() {
  if [ ! -s "$SECRETS_FILE" ]; then
    (umask 077 && node "$ROOT/scripts/generate-secrets.js" >"$SECRETS_FILE.tmp" && mv "$SECRETS_FILE.tmp" "$SECRETS_FILE")
    log "generated new secrets in $SECRETS_FILE (mode 0600); keep it: stored resident IDs need its PII_KEY"
  else
    chmod 600 "$SECRETS_FILE"
    log "secrets: $SECRETS_FILE"
    # A newer release may need a secret this file predates: add it, never replace one.
    local line
    while IFS= read -r line; do
      grep -q "^${line%%=*}=" "$SECRETS_FILE" || { echo "$line" >>"$SECRETS_FILE"; log "added ${line%%=*} to $SECRETS_FILE"; }
    done < <(node "$ROOT/scripts/generate-secrets.js")
  fi
  local key value
  while IFS='=' read -r key value; do
    [[ "$key" =~ ^[A-Z_][A-Z0-9_]*$ ]] || continue
    if [ -z "${!key:-}" ]; then export "$key=$value"; fi
  done <"$SECRETS_FILE"
}
