# Loopback ports and the state folder of the local test environment; override any of them from the
# environment. The folder holds the kubeconfig, logs and PID files, never anything to commit.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
NSSCALER_STATE="${NSSCALER_STATE:-${repo_root}/.local}"
APISERVER_PORT="${APISERVER_PORT:-16443}"
ETCD_PORT="${ETCD_PORT:-12379}"
ETCD_PEER_PORT="${ETCD_PEER_PORT:-12380}"
KCM_PORT="${KCM_PORT:-10357}"
SCHEDULER_PORT="${SCHEDULER_PORT:-10359}"
KWOK_PORT="${KWOK_PORT:-10347}"
FAKE_NODES="${FAKE_NODES:-2}"
DYNAMODB_PORT="${DYNAMODB_PORT:-18000}"
