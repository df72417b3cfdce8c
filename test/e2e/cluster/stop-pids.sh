# stop_pid_file FILE NAME: sends SIGTERM to the process recorded in FILE, waits up to 10 s, then
# sends SIGKILL, and removes FILE. A stale or missing file is not an error.
stop_pid_file() {
  local file="$1" name="$2" pid
  [[ -f "${file}" ]] || return 0
  pid="$(cat "${file}")"
  if kill -0 "${pid}" 2>/dev/null; then
    kill "${pid}" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "${pid}" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "${pid}" 2>/dev/null; then
      echo "${name} (pid ${pid}) did not stop on SIGTERM; sending SIGKILL" >&2
      kill -9 "${pid}" 2>/dev/null || true
    fi
  fi
  rm -f "${file}"
}
