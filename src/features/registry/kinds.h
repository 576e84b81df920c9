#pragma once
// The registry's record kinds as field tables (platform/kinds/kind.h): what the API, the
// pages, the stores, the audit log and the CSV/XLSX files say about each field, once.
#include "features/registry/model.h"
#include "platform/kinds/kind.h"

namespace lb::registry {

enum class RegistryRecord;  // service.h

// Each kind's fields: every field but the bookkeeping (id, status, version, owner, times,
// scope; a permit's extensions) and what is not text (a person's documents, a permit's
// transitions), which the kind writes by hand.
kinds::Fields<Person> PersonFields();
kinds::Fields<Employer> EmployerFields();
kinds::Fields<WorkPermit> PermitFields();

// A person's documents as JSON (the API's and the audit log's form).
nlohmann::json DocumentsJson(const std::vector<Document>& documents);

// The columns of a kind's CSV/XLSX files: its table's exported fields, then the columns that
// follow them (a permit's status; the related records by natural key: the tails below).
std::span<const kinds::Column> FileColumns(RegistryRecord record);
std::span<const kinds::Column> PersonFileTail();  // the person's first document
std::span<const kinds::Column> PermitFileTail();  // status, the person's document, the employer

}  // namespace lb::registry
