#!/usr/bin/env bash
# Runs the e2e suite, or the command given as arguments (the benchmarks use this), with the test
# cluster and DynamoDB Local: started unless they are already running, and stopped afterwards if
# this script started them, whether the command passed or not.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${here}/cluster/ports.sh"
cd "${repo_root}"

started=()
cleanup() {
  local status=$?
  for component in "${started[@]}"; do
    "${here}/${component}/down.sh" || true
  done
  exit "${status}"
}
trap cleanup EXIT

export KUBECONFIG="${NSSCALER_STATE}/kubeconfig"
export DYNAMODB_ENDPOINT="http://127.0.0.1:${DYNAMODB_PORT}"

if ! [[ -f "${KUBECONFIG}" ]] || ! "${here}/cluster/healthy.sh" >/dev/null 2>&1; then
  started+=(cluster)
  "${here}/cluster/up.sh"
fi
if ! curl -s -o /dev/null "${DYNAMODB_ENDPOINT}"; then
  started+=(dynamodb)
  "${here}/dynamodb/up.sh"
fi

if (($# > 0)); then
  "$@"
else
  node --test --test-concurrency=1 --test-timeout=600000 --test-reporter=spec \
    "test/e2e/**/*.test.ts"
fi
