# require_go: makes sure `go` is on PATH. make and CI shells often lack /usr/local/go/bin (where
# the official Go archive installs), so it is added when `go` is not found; otherwise a clear
# error says what to install.
require_go() {
  command -v go >/dev/null && return 0
  if [[ -x /usr/local/go/bin/go ]]; then
    PATH="/usr/local/go/bin:${PATH}"
    export PATH
    return 0
  fi
  echo "error: Go is needed to build this tool from the Go module proxy; install Go 1.26 or" \
    "later, or put its bin directory on PATH" >&2
  exit 1
}
