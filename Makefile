# racelab: make test runs every check CI runs; make run runs the main job.
GO          ?= go
GOBIN       := $(shell $(GO) env GOPATH)/bin
STATICCHECK := $(GOBIN)/staticcheck
# Pinned: a newer staticcheck may add checks and turn CI red on its own.
STATICCHECK_VERSION := v0.8.2

.PHONY: test lint fmt run bench perf mutate tools

# The database suite (sim/db/conformance) needs PostgreSQL and MariaDB:
# .ci/databases installs them if it can, starts them on 127.0.0.1 only, with data in a
# temporary directory, and they are stopped however the tests end.
test: lint
	@dir=$$(mktemp -d /tmp/racelab-db.XXXXXX); \
	trap '.ci/databases stop "$$dir"' EXIT INT TERM; \
	.ci/databases start "$$dir"; \
	set -a; . "$$dir/env"; set +a; \
	$(GO) test -race -short ./...

lint: tools
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null; git ls-files --others --exclude-standard '*.go' 2>/dev/null)); \
	if [ -n "$$bad" ]; then echo "gofmt: not formatted:"; echo "$$bad"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

fmt:
	gofmt -w $$(git ls-files '*.go'; git ls-files --others --exclude-standard '*.go')

# The main job: the whole scenario catalogue with its default budgets, the
# results file, JUnit XML and the HTML report under reports/out.
run:
	$(GO) run ./cmd/racelab run --report reports/out --json reports/out/results.json

# Go benchmarks of the hot paths (benchstat-friendly), then racelab bench:
# the issue-22 table (the step beside the coroutine floor, scaling in
# threads, a catalogue step, two workers against one, each next to its
# goal, measured side by side in one process) and racelab against stress
# testing on every buggy variant (reports/out/bench).
bench:
	$(GO) test ./... -run '^$$' -bench . -benchmem -count 5 | tee bench.out
	$(GO) run ./cmd/racelab bench --native-cap 20s

# The step-cost table alone (about two minutes).
perf:
	$(GO) run ./cmd/racelab bench --perf-only

# The catalogue's mutation test: every operator on every reference system,
# from 3 start seeds, with the default budgets; the table on stdout, the
# results in reports/out/mutate.json and a page reports/out/mutate.html.
# It fails if a system scores below 95%. (make test runs a short one.)
mutate:
	$(GO) run ./cmd/racelab mutate --min-score 0.95 --json reports/out/mutate.json --report reports/out ./impl/...

tools:
	@if ! "$(STATICCHECK)" -version 2>/dev/null | grep -q "$(STATICCHECK_VERSION:v%=%)"; then \
		echo "installing staticcheck $(STATICCHECK_VERSION)"; \
		$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION); \
	fi
