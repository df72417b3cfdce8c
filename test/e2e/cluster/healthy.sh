#!/usr/bin/env bash
# Exits 0 when the cluster in ${NSSCALER_STATE}/kubeconfig answers /readyz.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${here}/versions.sh"
source "${here}/ports.sh"
kubectl="${CONTROL_PLANE_BIN}/kubectl"
command -v "${kubectl}" >/dev/null || kubectl=kubectl
"${kubectl}" --kubeconfig "${NSSCALER_STATE}/kubeconfig" get --raw /readyz --request-timeout=5s
