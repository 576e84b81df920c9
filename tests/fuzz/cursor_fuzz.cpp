// libFuzzer target: list cursors (registry::DecodeCursor), which come from the query string.
// Any bytes decode to nothing or to a UUID; a decoded id encodes back to a cursor that decodes
// to the same id.
#include <cstdint>
#include <string>

#include "core/id.h"
#include "features/registry/cursor.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  auto id = lb::registry::DecodeCursor(in);
  if (id) {
    Check(lb::core::IsUuid(*id));
    const std::string again = lb::registry::EncodeCursor(*id);
    Check(lb::registry::DecodeCursor(again) == id);
  }
  // Encoding any bytes and decoding yields them back exactly when they are a UUID.
  const auto round = lb::registry::DecodeCursor(lb::registry::EncodeCursor(in));
  Check(round.has_value() == lb::core::IsUuid(in));
  if (round) Check(*round == in);
  return 0;
}
