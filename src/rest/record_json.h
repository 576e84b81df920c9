#pragma once
// Reading a record's table fields (platform/kinds) from a JSON body: required text fields
// must be present, optional ones may be null or absent.
#include "platform/kinds/kind.h"
#include "rest/json_body.h"

namespace lb::rest {

// Reads every field of `fields` into `record` (a merge patch puts the ones it may not change
// back into the body first); errors go to the reader's list.
template <typename T>
void ReadFields(http::ObjectReader& r, kinds::Fields<T> fields, T& record) {
  for (const auto& f : fields) {
    const std::string name(f.name);
    if (f.text) {
      record.*f.text = r.String(name, f.required).value_or("");
    } else {
      record.*f.opt = r.String(name, f.required);
    }
  }
}

}  // namespace lb::rest
