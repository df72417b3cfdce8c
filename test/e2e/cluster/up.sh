#!/usr/bin/env bash
# Starts the test cluster: a kind cluster when a Docker engine answers, the local control plane
# (local-up.sh) otherwise. Either way the kubeconfig is written to ${NSSCALER_STATE}/kubeconfig.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if docker info >/dev/null 2>&1; then
  exec "${here}/kind-up.sh"
fi
exec "${here}/local-up.sh"
