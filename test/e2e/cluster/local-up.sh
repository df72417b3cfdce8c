#!/usr/bin/env bash
# Starts a local Kubernetes control plane from the cached binaries: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and kwok (fake nodes whose pods become Ready).
# Everything listens on 127.0.0.1. State, logs and PID files live in ${NSSCALER_STATE}/cluster;
# local-down.sh stops exactly the processes recorded there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${here}/versions.sh"
source "${here}/ports.sh"
source "${here}/cluster-env.sh"

state="${NSSCALER_STATE}/cluster"
bin="${CONTROL_PLANE_BIN}"
pki="${state}/pki"
kubeconfig="${NSSCALER_STATE}/kubeconfig"
started=$(date +%s)

if [[ -f "${state}/pids/kube-apiserver.pid" ]] && kill -0 "$(cat "${state}/pids/kube-apiserver.pid")" 2>/dev/null; then
  echo "local cluster already running; kubeconfig: ${kubeconfig}"
  exit 0
fi

"${here}/build-binaries.sh"
rm -rf "${state}"
mkdir -p "${state}/logs" "${state}/pids" "${pki}" "${state}/etcd"

# Certificates: a CA, the API server's serving certificate for 127.0.0.1, and the service account
# signing key. Clients authenticate with a static token that maps to system:masters.
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=nsscaler-local-ca" \
  -keyout "${pki}/ca.key" -out "${pki}/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
  -keyout "${pki}/apiserver.key" -out "${pki}/apiserver.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\n' >"${pki}/san.ext"
openssl x509 -req -in "${pki}/apiserver.csr" -CA "${pki}/ca.crt" -CAkey "${pki}/ca.key" \
  -CAcreateserial -days 3650 -extfile "${pki}/san.ext" -out "${pki}/apiserver.crt" 2>/dev/null
openssl genrsa -out "${pki}/sa.key" 2048 2>/dev/null
openssl rsa -in "${pki}/sa.key" -pubout -out "${pki}/sa.pub" 2>/dev/null
token="$(openssl rand -hex 24)"
echo "${token},nsscaler-admin,nsscaler-admin,system:masters" >"${pki}/tokens.csv"

cat >"${kubeconfig}.tmp" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: nsscaler-local
    cluster:
      server: https://127.0.0.1:${APISERVER_PORT}
      certificate-authority-data: $(base64 -w0 <"${pki}/ca.crt")
users:
  - name: nsscaler-admin
    user:
      token: ${token}
contexts:
  - name: nsscaler-local
    context: { cluster: nsscaler-local, user: nsscaler-admin }
current-context: nsscaler-local
KUBECONFIG
mv "${kubeconfig}.tmp" "${kubeconfig}"
chmod 600 "${kubeconfig}"

start() {
  local name="$1"
  shift
  setsid "$@" >"${state}/logs/${name}.log" 2>&1 </dev/null &
  echo $! >"${state}/pids/${name}.pid"
}

wait_for() {
  local what="$1" deadline=$(($(date +%s) + $2))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if (($(date +%s) > deadline)); then
      echo "error: ${what} did not become ready; logs in ${state}/logs" >&2
      exit 1
    fi
    sleep 0.5
  done
}

start etcd "${bin}/etcd" --name local --data-dir "${state}/etcd" \
  --listen-client-urls "http://127.0.0.1:${ETCD_PORT}" \
  --advertise-client-urls "http://127.0.0.1:${ETCD_PORT}" \
  --listen-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" \
  --initial-advertise-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" \
  --initial-cluster "local=http://127.0.0.1:${ETCD_PEER_PORT}" \
  --unsafe-no-fsync --log-level warn
wait_for etcd 30 curl -sf "http://127.0.0.1:${ETCD_PORT}/health"

start kube-apiserver "${bin}/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:${ETCD_PORT}" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "${APISERVER_PORT}" \
  --tls-cert-file "${pki}/apiserver.crt" --tls-private-key-file "${pki}/apiserver.key" \
  --client-ca-file "${pki}/ca.crt" --token-auth-file "${pki}/tokens.csv" \
  --authorization-mode Node,RBAC --allow-privileged \
  --service-account-issuer https://kubernetes.default.svc \
  --service-account-key-file "${pki}/sa.pub" \
  --service-account-signing-key-file "${pki}/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 \
  --endpoint-reconciler-type none --profiling=false
wait_for kube-apiserver 60 curl -sf --cacert "${pki}/ca.crt" \
  "https://127.0.0.1:${APISERVER_PORT}/readyz"

start kube-controller-manager "${bin}/kube-controller-manager" \
  --kubeconfig "${kubeconfig}" --bind-address 127.0.0.1 --secure-port "${KCM_PORT}" \
  --leader-elect=false --root-ca-file "${pki}/ca.crt" \
  --service-account-private-key-file "${pki}/sa.key" \
  --controllers '*,-nodeipam,-persistentvolume-binder,-attachdetach,-ttl' \
  --concurrent-deployment-syncs 10 --concurrent-replicaset-syncs 10 \
  --kube-api-qps 200 --kube-api-burst 400 --profiling=false
start kube-scheduler "${bin}/kube-scheduler" \
  --kubeconfig "${kubeconfig}" --bind-address 127.0.0.1 --secure-port "${SCHEDULER_PORT}" \
  --leader-elect=false --kube-api-qps 200 --kube-api-burst 400 --profiling=false
stage_configs=()
for stage in "${bin}"/kwok-stages/*.yaml; do stage_configs+=(--config "${stage}"); done
start kwok "${bin}/kwok" "${stage_configs[@]}" \
  --kubeconfig "${kubeconfig}" --server-address "127.0.0.1:${KWOK_PORT}" \
  --manage-all-nodes=false \
  --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --node-ip 10.0.0.1 --cidr 10.0.0.1/16

kubectl=("${bin}/kubectl" --kubeconfig "${kubeconfig}")
for i in $(seq 0 $((FAKE_NODES - 1))); do
  "${kubectl[@]}" apply -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-${i}
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: kwok-node-${i}
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
status:
  allocatable: { cpu: "64", memory: 256Gi, pods: "5000" }
  capacity: { cpu: "64", memory: 256Gi, pods: "5000" }
NODE
done

wait_for "fake nodes" 60 "${kubectl[@]}" wait --for=condition=Ready node --all --timeout=1s
# The node lifecycle controller lifts the not-ready taint a moment after a node turns Ready.
untainted() { [[ -z "$("${kubectl[@]}" get nodes -o jsonpath='{.items[*].spec.taints}')" ]]; }
wait_for "node taints to clear" 60 untainted
wait_for "default service account" 60 "${kubectl[@]}" get serviceaccount default -n default
write_cluster_env "${NSSCALER_E2E_IMAGE:-${LOCAL_WORKLOAD_IMAGE}}" 127.0.0.1 "${FAKE_NODES}"

echo "local cluster up in $(($(date +%s) - started))s (Kubernetes ${KUBE_VERSION}, $(
  "${kubectl[@]}" get nodes --no-headers | wc -l) fake nodes)"
echo "kubeconfig: ${kubeconfig}"
