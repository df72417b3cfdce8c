#!/usr/bin/env bash
# Creates a kind cluster from config/kind.yaml. The kind CLI is built from the Go module proxy into
# the version-keyed cache, like the local control plane.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${here}/versions.sh"
source "${here}/ports.sh"

kind_bin="${NSSCALER_CACHE}/kind-${KIND_VERSION}/kind"
if [[ ! -x "${kind_bin}" ]]; then
  GOBIN="$(dirname "${kind_bin}")" CGO_ENABLED=0 go install "sigs.k8s.io/kind@${KIND_VERSION}"
fi
mkdir -p "${NSSCALER_STATE}"
kubeconfig="${NSSCALER_STATE}/kubeconfig"
"${kind_bin}" create cluster --name nsscaler --image "${KIND_NODE_IMAGE}" \
  --config "${repo_root}/config/kind.yaml" --kubeconfig "${kubeconfig}" --wait 120s
echo nsscaler >"${NSSCALER_STATE}/kind-cluster"
echo "kind cluster up"
echo "kubeconfig: ${kubeconfig}"
