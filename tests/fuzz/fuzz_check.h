#pragma once
// Shared by the libFuzzer targets: an invariant that aborts (the fuzzer's crash) naming itself.
#include <cstdio>
#include <cstdlib>

#define Check(cond)                                          \
  do {                                                       \
    if (!(cond)) {                                           \
      std::fprintf(stderr, "invariant failed: %s\n", #cond); \
      std::abort();                                          \
    }                                                        \
  } while (0)
