#!/usr/bin/env bash
# Stops the processes that local-up.sh started, by the PIDs it recorded, newest first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${here}/ports.sh"
source "${here}/stop-pids.sh"
source "${here}/cluster-env.sh"

state="${NSSCALER_STATE}/cluster"
for name in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  stop_pid_file "${state}/pids/${name}.pid" "${name}"
done
rm -rf "${state}" "${NSSCALER_STATE}/kubeconfig" "${cluster_env_file}"
echo "local cluster stopped"
