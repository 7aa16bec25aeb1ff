#!/usr/bin/env bash
# npm test: dependencies, infrastructure, build, then every test suite. Tests create their
# own database (cmc_test_*), NATS subject prefix and Redis key prefix, and remove them.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_deps
bash "$ROOT/scripts/infra.sh" --test
ensure_ohif
ensure_kubectl
build
cd "$ROOT"
npx tsc --noEmit -p tsconfig.json
npx eslint . --max-warnings=0
npx prettier --check . >/dev/null || die "prettier: run npm run format"
# With arguments (a file, -t …) Jest runs as asked; without, the unit project runs in parallel,
# then the system project one file at a time, and one closing line counts both.
[ $# -gt 0 ] && exec npx jest "$@"
export CMC_TEST_SUMMARY
CMC_TEST_SUMMARY=$(mktemp)
status=0
CMC_TEST_PROJECT=unit npx jest --selectProjects unit --maxWorkers=2 || status=$?
CMC_TEST_PROJECT=system npx jest --selectProjects system --maxWorkers=1 || status=$?
awk '{p+=$1; f+=$2; s+=$3} END {printf "\n%d passed, %d failed%s\n", p, f, (s ? ", " s " skipped" : "")}' "$CMC_TEST_SUMMARY"
rm -f "$CMC_TEST_SUMMARY"
exit $status
