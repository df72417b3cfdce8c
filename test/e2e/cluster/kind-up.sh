#!/usr/bin/env bash
# Creates a kind cluster from config/kind.yaml. The kind CLI is built from the Go module proxy into
# the version-keyed cache, like the local control plane.
#
# kind nodes pull real images, so test and demo workloads use a small one that runs
# (NSSCALER_E2E_IMAGE, default registry.k8s.io/pause). The API server runs inside a container and
# cannot reach the host's 127.0.0.1, so webhook tests listen on, and register, the host's address
# on kind's Docker network (its gateway). Both are recorded in ${NSSCALER_STATE}/cluster.env.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${here}/versions.sh"
source "${here}/ports.sh"
source "${here}/cluster-env.sh"
source "${here}/go.sh"

kind_bin="${NSSCALER_CACHE}/kind-${KIND_VERSION}/kind"
if [[ ! -x "${kind_bin}" ]]; then
  require_go
  GOBIN="$(dirname "${kind_bin}")" CGO_ENABLED=0 go install "sigs.k8s.io/kind@${KIND_VERSION}"
fi
mkdir -p "${NSSCALER_STATE}"
kubeconfig="${NSSCALER_STATE}/kubeconfig"
if "${kind_bin}" get clusters 2>/dev/null | grep -qx nsscaler; then
  echo "kind cluster nsscaler already exists"
  "${kind_bin}" export kubeconfig --name nsscaler --kubeconfig "${kubeconfig}"
else
  "${kind_bin}" create cluster --name nsscaler --image "${KIND_NODE_IMAGE}" \
    --config "${repo_root}/config/kind.yaml" --kubeconfig "${kubeconfig}" --wait 120s
fi
echo nsscaler >"${NSSCALER_STATE}/kind-cluster"

gateway="$(docker network inspect kind \
  --format '{{range .IPAM.Config}}{{println .Gateway}}{{end}}' | grep -m 1 -E '^[0-9.]+$' || true)"
if [[ -z "${gateway}" ]]; then
  echo "error: no IPv4 gateway on Docker network 'kind'; webhook tests need one" >&2
  exit 1
fi
nodes="$(grep -c -- '- role:' "${repo_root}/config/kind.yaml")"
write_cluster_env "${NSSCALER_E2E_IMAGE:-${KIND_WORKLOAD_IMAGE}}" "${gateway}" "${nodes}"

echo "kind cluster up (${nodes} nodes; webhooks reachable on ${gateway})"
echo "kubeconfig: ${kubeconfig}"
