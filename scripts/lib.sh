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
  log "building (tsc, then the web console with Vite)"
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

# The OHIF viewer (G2b) from its npm distribution, version and integrity pinned. Its package
# declares Node 24 and hundreds of build dependencies, but its dist/ is a finished static site:
# `npm pack` fetches the tarball from the registry alone, checked against the integrity the
# registry published, and only dist/ is kept (in the user's cache, shared by clones).
OHIF_VERSION=3.13.2
OHIF_INTEGRITY=sha512-WZdxmpmG7rqFgW9ZJLcbgr3XCtLi1KDNPoMaeY5PPe6j4G4fjEjjkycZM6C6Zk2F87BKxFfpq+jd5xXZB9E8EA==
OHIF_DIR="${OHIF_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cmc/ohif-$OHIF_VERSION}"
# The deploy suite renders k8s/ with `kubectl kustomize`. Our kustomizations use kustomize v5
# (labels, patches with targets); Debian's kubernetes-client is 1.20 (kustomize v2) and cannot
# render them, and nothing newer is reachable from here, so a missing or old kubectl stops the
# suite with what to install instead of skipping the Kubernetes checks.
ensure_kubectl() {
  command -v kubectl >/dev/null ||
    die "kubectl is missing: install kubectl 1.27 or later (kustomize v5) for the k8s/ checks (https://kubernetes.io/docs/tasks/tools/)"
  local minor
  minor=$(kubectl version --client -o json 2>/dev/null | node -pe 'parseInt(JSON.parse(require("fs").readFileSync(0)).clientVersion.minor)')
  [ "${minor:-0}" -ge 27 ] 2>/dev/null ||
    die "kubectl 1.${minor} is too old to render k8s/ (kustomize v5 features): install kubectl 1.27 or later"
}

ensure_ohif() {
  if [ -f "$OHIF_DIR/dist/index.html" ]; then export VIEWER_DIST_DIR="${VIEWER_DIST_DIR:-$OHIF_DIR/dist}"; return; fi
  log "fetching the OHIF viewer @ohif/app@$OHIF_VERSION (npm pack, about 50 MB)"
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "@ohif/app@$OHIF_VERSION" --silent >/dev/null) || { rm -rf "$tmp"; die "npm pack @ohif/app@$OHIF_VERSION failed"; }
  local got
  got=$(node -e "const c=require('crypto'),f=require('fs');process.stdout.write('sha512-'+c.createHash('sha512').update(f.readFileSync(process.argv[1])).digest('base64'))" "$tmp/ohif-app-$OHIF_VERSION.tgz")
  [ "$got" = "$OHIF_INTEGRITY" ] || { rm -rf "$tmp"; die "@ohif/app@$OHIF_VERSION tarball integrity mismatch ($got)"; }
  tar xzf "$tmp/ohif-app-$OHIF_VERSION.tgz" -C "$tmp" package/dist
  mkdir -p "$OHIF_DIR"
  rm -rf "$OHIF_DIR/dist"
  mv "$tmp/package/dist" "$OHIF_DIR/dist"
  rm -rf "$tmp"
  log "OHIF viewer in $OHIF_DIR/dist"
  export VIEWER_DIST_DIR="${VIEWER_DIST_DIR:-$OHIF_DIR/dist}"
}
