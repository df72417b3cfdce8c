#!/usr/bin/env bash
# Stops the nsscaler process that scripts/up.sh started.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${here}/../test/e2e/cluster/ports.sh"
source "${here}/../test/e2e/cluster/stop-pids.sh"
stop_pid_file "${NSSCALER_STATE}/nsscaler.pid" nsscaler
echo "nsscaler stopped"
