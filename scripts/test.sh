#!/usr/bin/env bash
# npm test: dependencies, infrastructure, build, then every test suite. Tests create their
# own database (cmc_test_*), NATS subject prefix and Redis key prefix, and remove them.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_deps
bash "$ROOT/scripts/infra.sh" --test
ensure_ohif
build
cd "$ROOT"
npx tsc --noEmit -p tsconfig.json
npx eslint . --max-warnings=0
npx prettier --check . >/dev/null || die "prettier: run npm run format"
exec npx jest "$@"
