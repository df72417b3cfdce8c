#!/usr/bin/env bash
# `make up`: the local cluster and DynamoDB Local (already started by make), then nsscaler's CRD
# and RBAC, three demo namespaces, a demo policy that sleeps and wakes them every few minutes,
# and `nsscaler run` in the background with its log in .local/nsscaler.log.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${here}/../test/e2e/cluster/versions.sh"
source "${here}/../test/e2e/cluster/ports.sh"
cd "${repo_root}"

kubectl="${CONTROL_PLANE_BIN}/kubectl"
command -v "${kubectl}" >/dev/null || kubectl=kubectl
export KUBECONFIG="${NSSCALER_STATE}/kubeconfig"
pid_file="${NSSCALER_STATE}/nsscaler.pid"
log_file="${NSSCALER_STATE}/nsscaler.log"

"${kubectl}" apply --server-side -f crds/ >/dev/null
"${kubectl}" wait --for=condition=Established crd/namespacescalingpolicies.nsscaler.io --timeout=60s >/dev/null
"${kubectl}" apply --server-side -f config/rbac/ >/dev/null
# The demo workloads run the image the cluster's nodes can run (kind pulls real images; kwok's
# fake nodes run any name), as recorded by the cluster's up script.
image="registry.invalid/nsscaler-e2e:1"
if [[ -f "${NSSCALER_STATE}/cluster.env" ]]; then
  image="$(sed -n 's/^NSSCALER_E2E_IMAGE=//p' "${NSSCALER_STATE}/cluster.env")"
fi
for manifest in config/demo/*.yaml; do
  sed -E "s#^( +image: ).*#\1${NSSCALER_E2E_IMAGE:-${image}}#" "${manifest}" |
    "${kubectl}" apply --server-side -f - --field-manager=nsscaler-demo >/dev/null
done

if [[ -f "${pid_file}" ]] && kill -0 "$(cat "${pid_file}")" 2>/dev/null; then
  echo "nsscaler already running (pid $(cat "${pid_file}"))"
else
  DYNAMODB_ENDPOINT="http://127.0.0.1:${DYNAMODB_PORT}" \
    AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local \
    NSSCALER_DYNAMODB_CREATE_TABLE=true NSSCALER_METRICS_BIND_ADDRESS=127.0.0.1 \
    NSSCALER_JOURNAL_PATH="${NSSCALER_STATE}/snapshot-journal" \
    NSSCALER_METRICS_PORT="${NSSCALER_METRICS_PORT:-18080}" \
    setsid node src/cli/main.ts run >>"${log_file}" 2>&1 </dev/null &
  echo $! >"${pid_file}"
  for _ in $(seq 1 60); do
    grep -q '"nsscaler started"' "${log_file}" 2>/dev/null && break
    if ! kill -0 "$(cat "${pid_file}")" 2>/dev/null; then
      echo "error: nsscaler exited; see ${log_file}" >&2
      tail -5 "${log_file}" >&2
      exit 1
    fi
    sleep 0.5
  done
fi

cat <<INFO

nsscaler is running (pid $(cat "${pid_file}"), log ${log_file}).
The demo namespaces demo-team-a, -b and -c sleep at every fourth minute and wake two minutes later.

  export KUBECONFIG=${KUBECONFIG}
  alias kubectl=${kubectl}
  kubectl get nsp -w                                  # the policy: namespaces, asleep, next transition
  kubectl get deploy,sts,cronjob -n demo-team-a -w    # the workloads going to sleep and waking
  kubectl get events -n demo-team-a --field-selector reportingComponent=nsscaler.io/controller
  curl -s 127.0.0.1:${NSSCALER_METRICS_PORT:-18080}/metrics | grep ^nsscaler_
  tail -f ${log_file}

\`make down\` stops nsscaler, DynamoDB Local and the cluster.
INFO
