#!/usr/bin/env bash
# Stops the DynamoDB Local process that up.sh started.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${here}/../cluster/ports.sh"
source "${here}/../cluster/stop-pids.sh"
stop_pid_file "${NSSCALER_STATE}/dynamodb/dynamodb.pid" "DynamoDB Local"
echo "DynamoDB Local stopped"
