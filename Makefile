# LabourBridge developer entry points. See README.md.
BUILD_DIR ?= build
PRESET ?= release
PORT ?= 8080

.PHONY: all deps build run test soak bench asan clean format

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

# Hostile clients (idle, slowloris, trickling uploads) beside 1,000 keep-alive clients.
soak: build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -L soak

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
