#include "features/registry/expiry.h"
#include "features/registry/kinds.h"
#include "features/registry/service.h"
#include "features/registry/store.h"

// The rows of the registry's CSV/XLSX files (features/files reads them through here, never
// through the store): each record's cells in FileColumns order, within the caller's scope.
namespace lb::registry {
namespace {

// The cells of a document (kind, number, issuing country, then expiry when asked), empty for none.
void AppendDocument(const std::optional<Document>& d, bool with_expiry, std::vector<std::string>& cells) {
  cells.push_back(d ? d->kind : "");
  cells.push_back(d ? d->number : "");
  cells.push_back(d ? d->issuing_country : "");
  if (with_expiry) cells.push_back(d ? d->expires.value_or("") : "");
}

std::vector<std::string> Cells(const Person& p) {
  auto cells = kinds::Cells(PersonFields(), p);
  AppendDocument(p.documents.empty() ? std::nullopt : std::optional(p.documents.front()), true, cells);
  return cells;
}

std::vector<std::string> Cells(const Employer& e) { return kinds::Cells(EmployerFields(), e); }

std::vector<std::string> Cells(const store::PermitExportRow& x) {
  auto cells = kinds::Cells(PermitFields(), x.permit);
  cells.push_back(x.permit.status);
  AppendDocument(x.person_document, false, cells);
  cells.push_back(x.employer_registration_number);
  cells.push_back(x.employer_country);
  // Names beside the codes, for the reader (the import ignores these columns).
  const auto& ref = Reference::Embedded();
  const auto& who = x.permit.parties;
  std::string worker;
  if (who) worker = who->family_name.empty() ? who->given_names : who->family_name + " " + who->given_names;
  cells.push_back(worker);
  cells.push_back(who ? who->native_name.value_or("") : "");
  cells.push_back(who ? who->employer_name.value_or("") : "");
  cells.push_back(ref.OccupationTitle(x.permit.occupation));
  const auto* province = ref.FindSubdivision(x.permit.host_province);
  cells.push_back(province ? province->name_en : "");
  return cells;
}

const std::string& IdOf(const store::PermitExportRow& x) { return x.permit.id; }
template <typename T>
const std::string& IdOf(const T& x) {
  return x.id;
}

template <typename T>
core::Result<FilePage> PageOf(core::Result<std::vector<T>> records) {
  if (!records) return core::Fail(records.error());
  FilePage page;
  page.rows.reserve(records->size());
  for (const auto& r : *records) page.rows.push_back(Cells(r));
  if (!records->empty()) page.last_id = IdOf(records->back());
  return page;
}

}  // namespace

core::Result<FilePage> RegistryService::FileRowsIn(storage::Transaction& tx, const Scope& scope,
                                                   const PersonFilter& filter,
                                                   const std::optional<std::string>& after_id, int limit) const {
  return PageOf(store::ExportPersons(tx, filter, after_id, limit, &scope));
}

core::Result<FilePage> RegistryService::FileRowsIn(storage::Transaction& tx, const Scope& scope,
                                                   const EmployerFilter& filter,
                                                   const std::optional<std::string>& after_id, int limit) const {
  return PageOf(store::ListEmployers(tx, filter, after_id, limit, &scope));
}

core::Result<FilePage> RegistryService::FileRowsIn(storage::Transaction& tx, const Scope& scope,
                                                   const PermitFilter& filter,
                                                   const std::optional<std::string>& after_id, int limit) const {
  // Files show the status a read shows today: a lapsed permit is expired.
  PermitFilter today = filter;
  today.as_of = Today();
  auto rows = store::ExportPermits(tx, today, after_id, limit, &scope);
  if (rows) {
    for (auto& r : *rows) r.permit.status = EffectiveStatus(r.permit, *today.as_of);
  }
  return PageOf(std::move(rows));
}

}  // namespace lb::registry
