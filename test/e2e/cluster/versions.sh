# Versions of the local test control plane. Sourced by the cluster scripts; the binary cache is
# keyed by these, so changing one builds a fresh set beside the old one.
# shellcheck disable=SC2034 # the variables are for the scripts that source this file
KUBE_VERSION="v1.36.3"
KUBE_STAGING_VERSION="v0.36.3"
ETCD_VERSION="v3.6.17"
KWOK_VERSION="v0.8.0"
KIND_VERSION="v0.33.0"
KIND_NODE_IMAGE="kindest/node:${KUBE_VERSION}"
# A small image that kind nodes pull and run for test and demo workloads.
KIND_WORKLOAD_IMAGE="registry.k8s.io/pause:3.10"
# The image of test and demo workloads on the local control plane: kwok's fake nodes "run" any
# image without pulling it, so it need not exist.
LOCAL_WORKLOAD_IMAGE="registry.invalid/nsscaler-e2e:1"

NSSCALER_CACHE="${NSSCALER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nsscaler}"
CONTROL_PLANE_KEY="k8s-${KUBE_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}"
CONTROL_PLANE_BIN="${NSSCALER_CACHE}/control-plane/${CONTROL_PLANE_KEY}/bin"
