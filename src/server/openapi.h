#pragma once
// The OpenAPI document the node serves (GET /api/v1/openapi.json, `labourbridge routes
// --openapi`): data/openapi.json with the schemas of every record kind made from the kind's
// field table (platform/kinds): each field's JSON name, type, constraints, whether it is
// required (the create body's "required") and whether a merge patch may change it (readOnly
// in the record, absent from the patch body). What is not in a table (paths, responses,
// descriptions of the bookkeeping) stays hand-written in data/openapi.json.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"

namespace lb::server {

// The record, create-body and patch-body schema names of one kind, and its field properties as
// the table gives them (name -> schema), the required and the editable field names.
struct KindSchemas {
  std::string record, input, patch;
  nlohmann::json properties;  // every field
  std::vector<std::string> required;
  std::vector<std::string> editable;
  std::vector<std::string> derived;  // filled on reads: in the record only
};

// Every record kind the API serves (registry and cooperation), in document order.
std::vector<KindSchemas> AllKindSchemas();

// data/openapi.json (embedded) with every kind's schemas made from its table, in the file's
// member order.
core::Result<nlohmann::ordered_json> OpenApiDocument();
// The same as text, made once.
core::Result<std::string> OpenApiText();

}  // namespace lb::server
