#!/usr/bin/env bash
# Builds the local control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
# kubectl, kwok) from the Go module proxy into a cache outside the repository, keyed by version.
# A stamp is written only after every binary reports the expected version, so an interrupted build
# is simply resumed (Go's module and build caches keep the finished work).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${here}/versions.sh"
source "${here}/go.sh"
require_go

stamp="${CONTROL_PLANE_BIN}/.complete"
if [[ -f "${stamp}" ]]; then
  echo "control plane binaries cached in ${CONTROL_PLANE_BIN}"
  exit 0
fi

work="${NSSCALER_CACHE}/control-plane/${CONTROL_PLANE_KEY}/src"
mkdir -p "${CONTROL_PLANE_BIN}" "${work}"
export CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOTOOLCHAIN=local
started=$(date +%s)

build_kubernetes() {
  local dir="${work}/kubernetes"
  mkdir -p "${dir}"
  go mod download -json "k8s.io/kubernetes@${KUBE_VERSION}" >/dev/null
  local upstream_mod
  upstream_mod="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/${KUBE_VERSION}.mod"
  {
    echo "module nsscaler.local/control-plane/kubernetes"
    echo
    grep -E '^go [0-9]' "${upstream_mod}"
    grep -E '^godebug ' "${upstream_mod}" || true
    echo
    echo "require k8s.io/kubernetes ${KUBE_VERSION}"
    echo
    # k8s.io/kubernetes points its staging modules at local paths; map each to its published tag.
    grep -oE '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "${upstream_mod}" | awk '{print $1}' |
      while read -r staging; do echo "replace ${staging} => ${staging} ${KUBE_STAGING_VERSION}"; done
  } >"${dir}/go.mod"
  cat >"${dir}/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  # The wrapper's go.sum comes from tidy. Some packages that only tests of k8s.io/kubernetes
  # import cannot be resolved from the proxy, so tidy runs with -e and keeps going past them; what
  # it reports is shown, and a problem that matters fails the build below.
  local tidy_log="${work}/kubernetes-go-mod-tidy.log" tidy_status=0
  (cd "${dir}" && go mod tidy -e) >"${tidy_log}" 2>&1 || tidy_status=$?
  if ((tidy_status != 0)) || grep -qiE 'error|cannot|missing|no matching' "${tidy_log}"; then
    echo "warning: 'go mod tidy -e' exited ${tidy_status} and reported (full log ${tidy_log}):" >&2
    grep -iE 'error|cannot|missing|no matching' "${tidy_log}" | head -n 20 >&2 || true
  fi
  local major minor ldflags=()
  major="$(echo "${KUBE_VERSION#v}" | cut -d. -f1)"
  minor="$(echo "${KUBE_VERSION#v}" | cut -d. -f2)"
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    ldflags+=("-X ${pkg}.gitVersion=${KUBE_VERSION}" "-X ${pkg}.gitMajor=${major}"
      "-X ${pkg}.gitMinor=${minor}" "-X ${pkg}.gitTreeState=clean"
      "-X ${pkg}.buildDate=1970-01-01T00:00:00Z")
  done
  (cd "${dir}" && go build -trimpath -tags selinux,notest -ldflags "-s -w ${ldflags[*]}" \
    -o "${CONTROL_PLANE_BIN}/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
}

build_etcd() {
  local dir="${work}/etcd"
  mkdir -p "${dir}"
  cat >"${dir}/go.mod" <<GOMOD
module nsscaler.local/control-plane/etcd

go 1.24

require go.etcd.io/etcd/server/v3 ${ETCD_VERSION}
GOMOD
  cat >"${dir}/main.go" <<'GO'
// Command etcd runs the etcd server from the published server module.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  (cd "${dir}" && go mod tidy >/dev/null)
  (cd "${dir}" && go build -trimpath -ldflags "-s -w" -o "${CONTROL_PLANE_BIN}/etcd" .)
}

build_kwok() {
  local dir="${work}/kwok"
  mkdir -p "${dir}"
  cat >"${dir}/go.mod" <<GOMOD
module nsscaler.local/control-plane/kwok

go 1.24

require sigs.k8s.io/kwok ${KWOK_VERSION}
GOMOD
  cat >"${dir}/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "sigs.k8s.io/kwok/cmd/kwok"
)
GO
  (cd "${dir}" && go mod tidy >/dev/null)
  (cd "${dir}" && go build -trimpath \
    -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION}" \
    -o "${CONTROL_PLANE_BIN}/kwok" sigs.k8s.io/kwok/cmd/kwok)
}

# kwok only simulates what its "stages" describe. The release ships its stock stages as data in
# the module; use the fast node and pod ones (nodes Ready at once, pods Running and Ready).
install_kwok_stages() {
  local module stages="${CONTROL_PLANE_BIN}/kwok-stages"
  module="$(cd "${work}/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
  mkdir -p "${stages}"
  cp "${module}"/kustomize/stage/node/fast/node-initialize.yaml \
    "${module}"/kustomize/stage/node/heartbeat/node-heartbeat.yaml \
    "${module}"/kustomize/stage/pod/fast/pod-*.yaml "${stages}/"
  chmod 644 "${stages}"/*.yaml
}

check_version() {
  local bin="$1" want="$2" got
  got="$("${CONTROL_PLANE_BIN}/${bin}" "${@:3}" 2>&1 | head -n 3)"
  if ! grep -q -- "${want}" <<<"${got}"; then
    echo "error: ${bin} reports '${got}', expected ${want}" >&2
    return 1
  fi
}

[[ -x "${CONTROL_PLANE_BIN}/etcd" ]] || { echo "building etcd ${ETCD_VERSION}"; build_etcd; }
[[ -x "${CONTROL_PLANE_BIN}/kwok" ]] || { echo "building kwok ${KWOK_VERSION}"; build_kwok; }
[[ -d "${CONTROL_PLANE_BIN}/kwok-stages" ]] || install_kwok_stages
if [[ ! -x "${CONTROL_PLANE_BIN}/kube-apiserver" || ! -x "${CONTROL_PLANE_BIN}/kubectl" ]]; then
  echo "building Kubernetes ${KUBE_VERSION} (the first build takes a while)"
  build_kubernetes
fi

check_version etcd "${ETCD_VERSION#v}" --version
check_version kwok "${KWOK_VERSION}" --version
for bin in kube-apiserver kube-controller-manager kube-scheduler; do
  check_version "${bin}" "${KUBE_VERSION}" --version
done
check_version kubectl "${KUBE_VERSION}" version --client
ls "${CONTROL_PLANE_BIN}"/kwok-stages/pod-ready.yaml >/dev/null

date -u +%Y-%m-%dT%H:%M:%SZ >"${stamp}"
echo "control plane binaries built in $(($(date +%s) - started))s: ${CONTROL_PLANE_BIN}"
du -sh "${NSSCALER_CACHE}/control-plane/${CONTROL_PLANE_KEY}/bin"
