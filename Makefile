# nxsim — see README.md.
GO        ?= go
GOBIN     ?= $(shell $(GO) env GOPATH)/bin
LINT      := $(GOBIN)/golangci-lint
LINT_VERSION := v2.15.0
FUZZTIME  ?= 10s

.PHONY: run demo test test-race test-tags test-386 bench lint fuzz tools

## run: the main job — every bundled scenario (scenarios/*.yaml) in virtual time; a summary table,
## and each scenario's capture, key log, trace, report, ladder and timeline under out/.
run:
	$(GO) run ./cmd/nxsim run --out out scenarios/*.yaml

## demo: ThreadX's demo on three devices and a UDP echo, each run twice with a determinism check.
demo:
	$(GO) run ./cmd/nxsim demo

## test: everything CI runs — vet, the race-enabled suite, the error-checking-off builds, the 32-bit build.
test: test-race test-tags test-386

test-race:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

# The C macros TX_DISABLE_ERROR_CHECKING / NX_DISABLE_ERROR_CHECKING remove the
# txe_/nxe_ layers; the same tags remove them here.
test-tags:
	$(GO) test -count=1 -tags 'tx_disable_error_checking nx_disable_error_checking nx_secure_disable_error_checking' ./...

# ThreadX ULONG ticks are 32 bits; run the suite as a 32-bit target too, where
# the host can execute 386 binaries. Elsewhere (a kernel without 32-bit
# support) the 32-bit build is still compiled and vetted, and the output says
# that its tests were compiled, not run.
test-386:
	@if GOARCH=386 $(GO) run ./internal/can386 >/dev/null 2>&1; then \
	  echo "== 32-bit (GOARCH=386): running the suite"; \
	  GOARCH=386 $(GO) test -count=1 ./...; \
	else \
	  echo "== 32-bit (GOARCH=386): this host cannot execute 386 binaries; the 32-bit tests are compiled and vetted, NOT run"; \
	  GOARCH=386 $(GO) vet ./... && GOARCH=386 $(GO) test -count=1 -exec /bin/true ./... >/dev/null && \
	  echo "== 32-bit (GOARCH=386): every package and test binary compiled and vetted"; \
	fi

## bench: engine events per second, thread switch, packet allocate+release.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## lint: golangci-lint (gofmt, vet, staticcheck, forbidigo for the wall clock and global randomness, ...).
lint: $(LINT)
	$(LINT) run ./...

$(LINT):
	$(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(LINT_VERSION)

## fuzz: every Fuzz target for $(FUZZTIME).
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done
