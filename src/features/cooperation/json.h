#pragma once
// JSON forms of the cooperation records: the API representation, which is also what the
// store keeps in each row's `doc` column. Each kind's members come from its field table
// (features/cooperation/kinds.cpp). Readers collect one error per bad field and reject
// unknown fields; values are validated by CooperationService.
#include <nlohmann/json.hpp>
#include <vector>

#include "core/error.h"
#include "features/cooperation/kinds.h"
#include "features/cooperation/model.h"

namespace lb::cooperation {

nlohmann::json ToJson(const Text3& t);
nlohmann::json ToJson(const Organisation& o);
nlohmann::json ToJson(const Agreement& a);
nlohmann::json ToJson(const Attachment& a);
nlohmann::json ToJson(const Conference& c);
nlohmann::json ToJson(const ProgressUpdate& p);
nlohmann::json ToJson(const Commitment& c);
nlohmann::json ToJson(const Activity& a);
nlohmann::json ToJson(const Twinning& t);

// Read the editable members of `j` into `out`; shape errors (types, unknown fields) are
// appended to `errors`. Bookkeeping members (id, version, timestamps and the members filled
// on reads) are accepted and ignored, so a GET body can be sent back.
void FromJson(const nlohmann::json& j, Organisation& out, std::vector<core::FieldError>& errors);
void FromJson(const nlohmann::json& j, Agreement& out, std::vector<core::FieldError>& errors);
void FromJson(const nlohmann::json& j, Conference& out, std::vector<core::FieldError>& errors);
void FromJson(const nlohmann::json& j, Commitment& out, std::vector<core::FieldError>& errors);
void FromJson(const nlohmann::json& j, Activity& out, std::vector<core::FieldError>& errors);
void FromJson(const nlohmann::json& j, Twinning& out, std::vector<core::FieldError>& errors);

// A text in three languages at `path` (null: empty); errors go to the list.
Text3 ReadText3(const nlohmann::json& j, const std::string& path, std::vector<core::FieldError>& errors);

// A record's API form without the members filled on reads (id, version, times, attachments,
// agreement ids, progress, succession): what the store keeps in `doc` and the audit compares.
template <typename T>
nlohmann::json StoredForm(const T& record) {
  return kinds::ToJson(FieldsOf<T>(), record, kinds::Members::kStored);
}

// The members a client may send (PATCH merges onto these).
template <typename T>
nlohmann::json EditableForm(const T& record) {
  return kinds::ToJson(FieldsOf<T>(), record, kinds::Members::kEditable);
}

}  // namespace lb::cooperation
