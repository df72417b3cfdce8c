# nsscaler's developer interface. Every target runs with the project's own Node.js 24 (the `node`
# devDependency) ahead of the system Node on PATH.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

export PATH := $(CURDIR)/node_modules/.bin:$(PATH)
export NSSCALER_STATE ?= $(CURDIR)/.local
export KUBECONFIG := $(NSSCALER_STATE)/kubeconfig
export DYNAMODB_PORT ?= 18000
export DYNAMODB_ENDPOINT ?= http://127.0.0.1:$(DYNAMODB_PORT)

CLUSTER := test/e2e/cluster
CONTROL_PLANE_BIN := $(shell source $(CLUSTER)/versions.sh && echo $$CONTROL_PLANE_BIN)
KUBECTL := $(CONTROL_PLANE_BIN)/kubectl

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

.PHONY: deps
deps: node_modules/.package-lock.json ## Install npm packages (Node.js 24 among them)

.PHONY: up
up: deps cluster-up dynamodb-up ## Local cluster, DynamoDB Local, nsscaler and a demo policy
	scripts/up.sh

.PHONY: down
down: ## Stop everything `make up` started
	scripts/down.sh
	$(MAKE) --no-print-directory dynamodb-down cluster-down

.PHONY: cluster-up
cluster-up: ## Start the test cluster (kind with Docker, else the local control plane)
	$(CLUSTER)/up.sh

.PHONY: cluster-down
cluster-down: ## Stop the test cluster
	$(CLUSTER)/down.sh

.PHONY: cluster-binaries
cluster-binaries: ## Build (or find cached) the local control plane binaries
	$(CLUSTER)/build-binaries.sh

.PHONY: dynamodb-up
dynamodb-up: deps ## Start DynamoDB Local on 127.0.0.1:$DYNAMODB_PORT
	test/e2e/dynamodb/up.sh

.PHONY: dynamodb-down
dynamodb-down: ## Stop DynamoDB Local
	test/e2e/dynamodb/down.sh

.PHONY: lint
lint: deps ## ESLint, Prettier and shellcheck
	eslint .
	prettier --check --log-level warn .
	shellcheck .ci/run $$(git ls-files '*.sh')

.PHONY: typecheck
typecheck: deps ## TypeScript, strict
	tsc -p tsconfig.json

.PHONY: test-unit
test-unit: deps ## Unit tests (node:test)
	node --test --test-reporter=spec 'src/**/*.test.ts' 'webhooks/**/*.test.ts'

.PHONY: e2e
e2e: deps ## End-to-end tests against a real cluster and DynamoDB Local (started and stopped here)
	test/e2e/run.sh

.PHONY: generate
generate: deps ## Regenerate src/gen/ from the CRD
	node scripts/generate-types.ts

.PHONY: check-generated
check-generated: deps ## Fail when src/gen/ is not what the CRD generates
	@fresh="$$(mktemp -d)"; trap 'rm -rf "$$fresh"' EXIT; \
	node scripts/generate-types.ts --out "$$fresh"; \
	if ! diff -ru src/gen "$$fresh"; then \
	  echo "src/gen/ is out of date with crds/: run 'make generate' and commit the result." >&2; \
	  exit 1; \
	fi

.PHONY: bench
bench: bench-controller bench-webhooks ## Every benchmark (one JSON document each on stdout)

.PHONY: bench-controller
bench-controller: build ## Controller sleep/wake at 200 namespaces x 10 Deployments (JSON on stdout)
	test/e2e/run.sh node bench/controller.ts

.PHONY: bench-webhooks
bench-webhooks: deps ## Admission webhook benchmark (JSON on stdout): p50/p99 and throughput vs a bare HTTPS server
	node bench/webhook.ts

.PHONY: test
test: check-generated lint typecheck test-unit e2e ## Everything CI runs

.PHONY: build
build: deps ## Compile to dist/
	tsc -p tsconfig.build.json
