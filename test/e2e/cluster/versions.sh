# Versions of the local test control plane. Sourced by the cluster scripts; the binary cache is
# keyed by these, so changing one builds a fresh set beside the old one.
KUBE_VERSION="v1.36.3"
KUBE_STAGING_VERSION="v0.36.3"
ETCD_VERSION="v3.6.17"
KWOK_VERSION="v0.8.0"
KIND_VERSION="v0.33.0"
KIND_NODE_IMAGE="kindest/node:${KUBE_VERSION}"

NSSCALER_CACHE="${NSSCALER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nsscaler}"
CONTROL_PLANE_KEY="k8s-${KUBE_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}"
CONTROL_PLANE_BIN="${NSSCALER_CACHE}/control-plane/${CONTROL_PLANE_KEY}/bin"
