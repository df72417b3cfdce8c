#!/usr/bin/env bash
# Stops whichever test cluster up.sh started.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${here}/ports.sh"
if [[ -f "${NSSCALER_STATE}/kind-cluster" ]]; then
  exec "${here}/kind-down.sh"
fi
exec "${here}/local-down.sh"
