# LabourBridge developer entry points. See README.md.
BUILD_DIR ?= build
PRESET ?= release
PORT ?= 8080

.PHONY: all deps build run test soak security-scan bench asan clean format

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET)

run: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) --target labourbridge
	@scripts/run-demo $(PORT)

test: build
	@scripts/run-tests

# Reliability tests in their long form (more SIGKILL rounds, a longer outage, a frozen
# database server) and the hostile-clients run (idle, slowloris and trickling connections
# beside 1,000 keep-alive clients); `make test` runs the short reliability form only.
soak: build
	@tests/reliability/run --soak
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -L soak

# sqlmap and wapiti against a demo node on loopback (a few minutes; not part of `make test`).
security-scan: build
	@scripts/install-deps --scanners
	@scripts/security-scan

bench: build
	@bench/run

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan
	@BUILD_DIR=build-asan scripts/run-tests

clean:
	rm -rf $(BUILD_DIR) build-asan build-debug

format:
	@find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i
