#pragma once
// Reading a record's table fields (platform/kinds) from a JSON body: required text fields
// must be present, optional ones may be null or absent.
#include "platform/kinds/kind.h"
#include "rest/json_body.h"

namespace lb::rest {

// Reads every field of `fields` into `record` (a merge patch puts the ones it may not change
// back into the body first); errors go to the reader's list. A derived member may be sent
// (a GET body sent back) and is not read.
template <typename T>
void ReadFields(http::ObjectReader& r, kinds::Fields<T> fields, T& record) {
  for (const auto& f : fields) {
    const std::string name(f.name);
    if (f.derived) {
      r.Skip(name);
    } else if (f.text) {
      record.*f.text = r.String(name, f.required).value_or(std::string(f.absent));
    } else if (f.opt) {
      record.*f.opt = r.String(name, f.required);
    } else if (f.integer) {
      record.*f.integer = r.Integer(name).value_or(0);
    } else if (f.opt_integer) {
      record.*f.opt_integer = r.Integer(name);
    } else if (f.codes) {
      record.*f.codes = r.Strings(name);
    } else if (const nlohmann::json* v = r.Member(name); v && f.from_json) {
      f.from_json(*v, r.Path(name), record, r.errors());
    }
  }
}

}  // namespace lb::rest
