#!/usr/bin/env bash
# Deletes the kind cluster that kind-up.sh created.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${here}/versions.sh"
source "${here}/ports.sh"
source "${here}/cluster-env.sh"
"${NSSCALER_CACHE}/kind-${KIND_VERSION}/kind" delete cluster --name nsscaler \
  --kubeconfig "${NSSCALER_STATE}/kubeconfig"
rm -f "${NSSCALER_STATE}/kind-cluster" "${NSSCALER_STATE}/kubeconfig" "${cluster_env_file}"
