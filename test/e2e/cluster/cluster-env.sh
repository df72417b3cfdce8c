# What the end-to-end tests must know about the running cluster, recorded by local-up.sh and
# kind-up.sh in ${NSSCALER_STATE}/cluster.env and read by test/e2e/support/cluster-env.ts (a
# variable already set in the environment wins over the file):
#   NSSCALER_E2E_IMAGE         the container image of test and demo workloads
#   NSSCALER_E2E_WEBHOOK_HOST  the host address the API server reaches admission webhooks on
#   NSSCALER_E2E_NODES         how many Ready nodes the cluster has
cluster_env_file="${NSSCALER_STATE}/cluster.env"

# write_cluster_env IMAGE WEBHOOK_HOST NODES
write_cluster_env() {
  mkdir -p "${NSSCALER_STATE}"
  {
    echo "NSSCALER_E2E_IMAGE=$1"
    echo "NSSCALER_E2E_WEBHOOK_HOST=$2"
    echo "NSSCALER_E2E_NODES=$3"
  } >"${cluster_env_file}"
}
