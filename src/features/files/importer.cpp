#include "features/files/importer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <optional>
#include <thread>

#include "core/date.h"
#include "features/files/columns.h"
#include "features/files/store.h"
#include "features/registry/bulk.h"
#include "features/registry/kinds.h"
#include "features/registry/matching/bulk_duplicates.h"
#include "platform/audit/chain.h"
#include "platform/audit/encoded.h"
#include "text/unicode.h"

namespace lb::files {
namespace {

using registry::Document;
using registry::Employer;
using registry::Person;
using registry::WorkPermit;

constexpr size_t kAuditBatch = 1000;
constexpr int64_t kProgressEvery = 2000;
constexpr std::string_view kRollback = "exchange:rollback";
// The rows a dry run checks per turn at the writer (as many as a window of the persons bulk path).
constexpr int64_t kDryRunWindowRows = 2000;
// A person row of a typical file is 100-130 bytes; the estimate errs towards fewer rows.
constexpr uint64_t kBytesPerPersonRow = 160;

// The rows' natural keys seen so far in this file, as 64-bit hashes with the row that had
// each: open addressing in two flat arrays (about 24 MB for a million rows).
class SeenKeys {
 public:
  bool Contains(std::string_view key) const {
    if (hashes_.empty()) return false;
    const uint64_t h = std::hash<std::string_view>{}(key) | 1;
    const size_t mask = hashes_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      if (hashes_[i] == 0) return false;
      if (hashes_[i] == h) return true;
    }
  }
  // Returns the earlier row with the same key, or 0 (and remembers this one).
  int64_t Insert(std::string_view key, int64_t row) {
    if ((count_ + 1) * 10 > hashes_.size() * 7) Grow();
    uint64_t h = std::hash<std::string_view>{}(key) | 1;  // 0 marks an empty slot
    size_t mask = hashes_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      if (hashes_[i] == 0) {
        hashes_[i] = h;
        rows_[i] = static_cast<int32_t>(row);
        ++count_;
        return 0;
      }
      if (hashes_[i] == h) return rows_[i];
    }
  }

 private:
  void Grow() {
    std::vector<uint64_t> old_h(std::max<size_t>(hashes_.size() * 2, 1024), 0);
    std::vector<int32_t> old_r(old_h.size(), 0);
    old_h.swap(hashes_);
    old_r.swap(rows_);
    const size_t mask = hashes_.size() - 1;
    for (size_t j = 0; j < old_h.size(); ++j) {
      if (!old_h[j]) continue;
      size_t i = old_h[j] & mask;
      while (hashes_[i]) i = (i + 1) & mask;
      hashes_[i] = old_h[j];
      rows_[i] = old_r[j];
    }
  }
  std::vector<uint64_t> hashes_;
  std::vector<int32_t> rows_;
  size_t count_ = 0;
};

// Our export writes a leading apostrophe before = + - @ (so no spreadsheet runs a formula);
// reading it back removes exactly that apostrophe, so the text round-trips.
void UndoFormulaGuard(std::string& s) {
  if (s.size() >= 2 && s[0] == '\'' &&
      (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@' || s[1] == '\t' || s[1] == '\r')) {
    s.erase(0, 1);
  }
}

// One row being imported: its cells by column, and the problems found.
class RowView {
 public:
  RowView(Kind kind, const HeaderMap& map, SourceRow& row, std::vector<Issue>& issues)
      : columns_(ColumnsOf(kind)), map_(map), row_(row), issues_(issues) {}

  bool Has(size_t column) const { return map_.Has(column); }
  // The cell of a column ("" when absent or empty).
  const std::string& Get(size_t column) const {
    static const std::string kEmpty;
    const int cell = map_.column_to_cell[column];
    return cell >= 0 && static_cast<size_t>(cell) < row_.cells.size() ? row_.cells[cell] : kEmpty;
  }
  std::optional<std::string> Opt(size_t column) const {
    const auto& v = Get(column);
    if (v.empty()) return std::nullopt;
    return v;
  }
  // The header as the file wrote it, for a column key (the key itself when absent).
  std::string ColumnName(std::string_view key) const {
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (columns_[c].key == key) return Has(c) ? map_.header[map_.column_to_cell[c]] : std::string(key);
    }
    return std::string(key);
  }
  std::string ValueOf(std::string_view key) const {
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (columns_[c].key == key) return ShortValue(Get(c));
    }
    return "";
  }
  void Add(std::string_view key, std::string code, std::string message) {
    issues_.push_back({row_.number, ColumnName(key), ValueOf(key), std::move(code), std::move(message)});
  }
  // Field errors of the registry's validation, named by this file's columns.
  void AddFieldErrors(const std::vector<core::FieldError>& errors, std::string_view (*column_of)(std::string_view)) {
    for (const auto& e : errors) Add(column_of(e.field), e.code, e.message);
  }
  int64_t number() const { return row_.number; }

 private:
  std::span<const Column> columns_;
  const HeaderMap& map_;
  SourceRow& row_;
  std::vector<Issue>& issues_;
};

std::string_view PersonColumn(std::string_view field) {
  if (field.starts_with("documents[")) {
    if (field.ends_with(".kind")) return "document_kind";
    if (field.ends_with(".issuing_country")) return "document_country";
    if (field.ends_with(".expires")) return "document_expires";
    return "document_number";
  }
  if (field == "documents") return "document_number";
  return field;
}

std::string_view EmployerColumn(std::string_view field) { return field; }

std::string_view PermitColumn(std::string_view field) {
  if (field == "person_id") return "person_document_number";
  if (field == "employer_id") return "employer_registration_number";
  return field;
}

// Checks every cell is text a database can hold; cleans the formula guard.
bool CheckCells(const HeaderMap& map, SourceRow& row, std::vector<Issue>& issues) {
  const size_t before = issues.size();
  auto name = [&](size_t cell) { return cell < map.header.size() ? map.header[cell] : "#" + std::to_string(cell + 1); };
  for (const auto& p : row.problems) issues.push_back({row.number, name(p.cell), "", p.code, p.message});
  if (row.sparse && row.cells.size() < map.header.size()) row.cells.resize(map.header.size());
  if (row.cells.size() != map.header.size()) {
    issues.push_back({row.number, "", "", "ragged_row",
                      "The row has " + std::to_string(row.cells.size()) + " cells; the header has " +
                          std::to_string(map.header.size()) + "."});
  }
  for (size_t i = 0; i < row.cells.size(); ++i) {
    auto& c = row.cells[i];
    if (c.find('\0') != std::string::npos) {
      issues.push_back({row.number, name(i), "", "nul_byte", "The cell contains a NUL byte."});
    } else if (!text::IsValidUtf8(c)) {
      issues.push_back(
          {row.number, name(i), "", "invalid_utf8", "The cell is not valid UTF-8 (save the file as UTF-8 or UTF-16)."});
    } else {
      UndoFormulaGuard(c);
    }
  }
  return issues.size() == before;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// XLSX/ODS: an ID typed into a number cell loses its leading zeros. A cell whose number format
// shows them was read as shown (kFormattedNumber). Otherwise, where the ID's length is known,
// they are put back and the row says so (`number_restored`: a Vietnamese citizen ID has 12
// digits, a Vietnamese mobile number 10 with its leading 0); a number the spreadsheet could not
// hold exactly (beyond 15 significant digits), or a phone of another length, is refused.
bool RestoreNumericIds(Kind kind, const HeaderMap& map, SourceRow& row, std::vector<Issue>& issues) {
  if (row.numeric.empty()) return true;
  const auto columns = ColumnsOf(kind);
  auto cell_of = [&](std::string_view key) -> int {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].key == key) return map.column_to_cell[c];
    }
    return -1;
  };
  auto numeric = [&](int cell) -> uint8_t {
    return cell >= 0 && static_cast<size_t>(cell) < row.numeric.size() ? row.numeric[cell] : uint8_t{kTextCell};
  };
  auto text = [&](int cell) -> std::string* {
    return cell >= 0 && static_cast<size_t>(cell) < row.cells.size() ? &row.cells[cell] : nullptr;
  };
  bool ok = true;
  for (std::string_view key : {"document_number", "person_document_number", "registration_number",
                               "employer_registration_number", "permit_number", "phone"}) {
    const int cell = cell_of(key);
    const uint8_t how = numeric(cell);
    if (how == kTextCell || how == kFormattedNumber) continue;
    std::string& v = *text(cell);
    auto refuse = [&](std::string message) {
      issues.push_back({row.number, map.header[cell], ShortValue(v), "number_not_text", std::move(message)});
      ok = false;
    };
    if (how == kInexactNumber || !AllDigits(v)) {
      refuse(
          "The ID is stored as a number, which a spreadsheet keeps to 15 significant digits (rounding the "
          "rest); format the column as Text and type it again.");
      continue;
    }
    const std::string typed = v;
    if (key == "phone") {
      if (v.size() != 9) {
        refuse(
            "The phone number is stored as a number, which loses its leading 0 or +; format the column as Text "
            "and type it again.");
        continue;
      }
      v.insert(0, "0");
    }
    if (key == "document_number" || key == "person_document_number") {
      const std::string prefix = key == "document_number" ? "document_" : "person_document_";
      const std::string* kind_cell = text(cell_of(prefix + "kind"));
      const std::string* country_cell = text(cell_of(prefix + "country"));
      if (kind_cell && country_cell && *kind_cell == "national_id" && *country_cell == "VN" && v.size() < 12) {
        v.insert(0, 12 - v.size(), '0');
      }
    }
    if (v != typed) {
      issues.push_back({row.number, map.header[cell], ShortValue(v), "number_restored",
                        "The cell holds the number " + typed + "; its leading zeros were put back (" + v +
                            "). Format the column as Text to keep them."});
    }
  }
  return ok;
}

// Dates as people write them (31/12/2026, 31-12-2026, 03/1994 for a birth) in ISO, as the
// registry stores them; a cell that is no date is left for the registry's validation to report.
void ReadDatesAsWritten(Kind kind, const HeaderMap& map, SourceRow& row) {
  const auto columns = ColumnsOf(kind);
  for (size_t c = 0; c < columns.size(); ++c) {
    const std::string_view key = columns[c].key;
    const bool partial = key == "birth_date";
    if (!partial && key != "document_expires" && key != "issued" && key != "valid_from" && key != "valid_until") {
      continue;
    }
    const int cell = map.column_to_cell[c];
    if (cell < 0 || static_cast<size_t>(cell) >= row.cells.size() || row.cells[cell].empty()) continue;
    if (auto d = core::ParseDateAsWritten(row.cells[cell], partial)) row.cells[cell] = d->ToString();
  }
}

// The checks and clean-ups of a row's cells before it is read (both import paths); false
// when the row cannot be read (its issues are added).
bool PrepareRow(Kind kind, const HeaderMap& map, SourceRow& row, std::vector<Issue>& issues) {
  if (!CheckCells(map, row, issues) || !RestoreNumericIds(kind, map, row, issues)) return false;
  ReadDatesAsWritten(kind, map, row);
  return true;
}

// kPending: a new person the bulk path creates (after the batch's duplicate check).
enum class Outcome { kCreated, kUpdated, kUnchanged, kInvalid, kPending };

void Tally(ImportSummary& s, Outcome outcome) {
  switch (outcome) {
    case Outcome::kCreated:
      ++s.created;
      break;
    case Outcome::kUpdated:
      ++s.updated;
      break;
    case Outcome::kUnchanged:
      ++s.unchanged;
      break;
    case Outcome::kInvalid:
    case Outcome::kPending:  // (resolved by the bulk path before it is counted)
      ++s.invalid;
      break;
  }
}

// Service errors about this row become its issues; database failures (a full disk too) end the import.
core::Result<Outcome> RowError(RowView& v, const core::Error& e, std::string_view (*column_of)(std::string_view)) {
  if (e.code == core::ErrorCode::kUnavailable || e.code == core::ErrorCode::kInsufficientStorage ||
      e.code == core::ErrorCode::kInternal) {
    return core::Fail(e);
  }
  if (e.fields.empty()) {
    v.Add("", std::string(core::ErrorCodeName(e.code)), e.message);
  } else {
    v.AddFieldErrors(e.fields, column_of);
  }
  return Outcome::kInvalid;
}

template <typename T>
core::Result<Outcome> Written(core::Result<registry::RegistryService::Written<T>> w, bool update, RowView& v,
                              std::vector<audit::Event>& events, std::string_view (*column_of)(std::string_view)) {
  if (!w) return RowError(v, w.error(), column_of);
  if (!w->changed) return Outcome::kUnchanged;
  events.push_back(std::move(w->event));
  return update ? Outcome::kUpdated : Outcome::kCreated;
}

struct Context {
  registry::RegistryService& registry;
  const access::Principal& actor;
  const registry::Scope& scope;
  storage::Transaction& tx;
  SeenKeys& seen;
  // The natural keys in the database when the import began (hashes): a row whose key is
  // not among them is new, and needs no lookup (a match made earlier in this file is a
  // duplicate_in_file).
  const SeenKeys& existing;
  std::vector<audit::Event>* events;
  bool check_duplicates;  // the registry had persons before this import, and no --confirm-new
  // Bulk path: a new person is handed back here (Outcome::kPending) instead of being
  // checked and inserted one by one.
  std::optional<Person>* pending = nullptr;
  storage::Database* db = nullptr;
  audit::AuditLog* audit = nullptr;
};

std::string PossibleDuplicateMessage(const registry::DuplicateCandidate& best) {
  std::string reasons;
  for (const auto& r : best.reasons) reasons += (reasons.empty() ? "" : ", ") + r;
  char score[16];
  std::snprintf(score, sizeof score, "%.2f", best.score);
  return "This person may already be registered as person " + best.person.id + " (score " + score + ": " + reasons +
         "); check, then import with --confirm-new to register them as new.";
}

// Columns by index (the order of columns.cpp).
enum PersonCol {
  kFamily,
  kGiven,
  kNative,
  kSex,
  kBirth,
  kNationality,
  kHome,
  kPhone,
  kDocKind,
  kDocNumber,
  kDocCountry,
  kDocExpires
};
enum PermitCol {
  kWNumber,
  kWHostCountry,
  kWHostProvince,
  kWOccupation,
  kWIssued,
  kWFrom,
  kWUntil,
  kWStatus,
  kWPersonKind,
  kWPersonNumber,
  kWPersonCountry,
  kWEmployerReg,
  kWEmployerCountry
};

bool CheckDuplicate(Context& c, RowView& v, const std::string& key, std::string_view column, const char* what) {
  if (int64_t first = c.seen.Insert(key, v.number())) {
    v.Add(column, "duplicate_in_file",
          std::string("Row ") + std::to_string(first) + " has the same " + what + "; each record once per file.");
    return false;
  }
  return true;
}

// A row's natural key: its text, whether the row has one, the column an issue about it names,
// what the key is made of and what to say when its record is outside the actor's scope.
struct NaturalKey {
  std::string key;
  bool present;
  std::string_view column;
  const char* what;
  const char* outside_scope;
};

// The checks every row goes through before it is written: validation errors (`errors`, and
// `ok` false for a problem found before), the key seen earlier in the file, and the registered
// record the key names, looked up only when the key was in the registry when the import began.
// nullopt when the row is invalid (its issues are reported), else the match (no record: new).
template <typename T, typename Find>
core::Result<std::optional<registry::RegistryService::Match<T>>> CheckRow(
    Context& c, RowView& v, bool ok, const std::vector<core::FieldError>& errors,
    std::string_view (*column_of)(std::string_view), const NaturalKey& k, Find find) {
  if (!errors.empty()) ok = false;
  v.AddFieldErrors(errors, column_of);
  if (k.present && !CheckDuplicate(c, v, k.key, k.column, k.what)) ok = false;
  if (!ok) return std::nullopt;
  registry::RegistryService::Match<T> m;
  if (c.existing.Contains(k.key)) {
    LB_TRY(found, find());
    m = std::move(found);
  }
  if (m.outside_scope) {
    v.Add(k.column, "outside_scope", k.outside_scope);
    return std::nullopt;
  }
  return m;
}

// A kind whose columns are its field table's exported fields, in order
// (features/registry/kinds.cpp): the row's cells into the record.
template <typename T>
void FieldsFromRow(kinds::Fields<T> fields, const RowView& v, T& record) {
  size_t column = 0;
  for (const auto& f : fields) {
    if (!f.exported) continue;
    kinds::Set(f, record, f.text ? std::optional<std::string>(v.Get(column)) : v.Opt(column));
    ++column;
  }
}

// On an update, what the file does not give (a column it lacks, a field no file carries)
// keeps its current value.
template <typename T>
void KeepAbsent(kinds::Fields<T> fields, const RowView& v, const T& current, T& record) {
  size_t column = 0;
  for (const auto& f : fields) {
    if (!f.exported || !v.Has(column)) kinds::Copy(f, record, current);
    if (f.exported) ++column;
  }
}

core::Result<Outcome> ImportPerson(Context& c, RowView& v) {
  Person p;
  FieldsFromRow(registry::PersonFields(), v, p);
  p.documents.push_back({v.Get(kDocKind), v.Get(kDocNumber), v.Get(kDocCountry), v.Opt(kDocExpires)});
  const Document& d = p.documents.front();
  LB_TRY(existing, CheckRow<Person>(c, v, true, c.registry.ValidatePerson(p), PersonColumn,
                                    {d.issuing_country + '|' + d.kind + '|' + d.number, !d.number.empty(),
                                     "document_number", "document (kind, number, country)",
                                     "A person with this document is registered outside your scope."},
                                    [&] { return c.registry.FindPersonByDocument(c.tx, c.scope, d); }));
  if (!existing) return Outcome::kInvalid;
  auto& m = *existing;
  if (!m.record) {
    if (c.pending) {
      *c.pending = std::move(p);
      return Outcome::kPending;
    }
    if (c.check_duplicates) {
      // The duplicate scorer reads committed records, so rows earlier in this same file are
      // not candidates (they are new, and their documents differ).
      LB_TRY(candidates, c.registry.FindDuplicates(c.actor, p));
      if (!candidates.empty()) {
        v.Add("given_names", "possible_duplicate", PossibleDuplicateMessage(candidates.front()));
        return Outcome::kInvalid;
      }
    }
    return Written(c.registry.InsertPersonIn(c.tx, c.actor, std::move(p)), false, v, *c.events, PersonColumn);
  }
  // Columns the file does not have keep their values; other documents stay as they are.
  const Person& cur = *m.record;
  KeepAbsent(registry::PersonFields(), v, cur, p);
  std::vector<Document> docs = cur.documents;
  for (auto& x : docs) {
    if (x.kind == d.kind && x.number == d.number && x.issuing_country == d.issuing_country && v.Has(kDocExpires)) {
      x.expires = d.expires;
    }
  }
  p.documents = std::move(docs);
  return Written(c.registry.UpdatePersonIn(c.tx, c.actor, cur, std::move(p)), true, v, *c.events, PersonColumn);
}

core::Result<Outcome> ImportEmployer(Context& c, RowView& v) {
  Employer e;
  FieldsFromRow(registry::EmployerFields(), v, e);
  LB_TRY(existing,
         CheckRow<Employer>(
             c, v, true, c.registry.ValidateEmployer(e), EmployerColumn,
             {e.country + '|' + e.registration_number, !e.registration_number.empty(), "registration_number",
              "registration number and country", "An employer with this number is registered outside your scope."},
             [&] { return c.registry.FindEmployerByRegistration(c.tx, c.scope, e.country, e.registration_number); }));
  if (!existing) return Outcome::kInvalid;
  auto& m = *existing;
  if (!m.record) {
    return Written(c.registry.InsertEmployerIn(c.tx, c.actor, std::move(e)), false, v, *c.events, EmployerColumn);
  }
  const Employer& cur = *m.record;
  KeepAbsent(registry::EmployerFields(), v, cur, e);
  return Written(c.registry.UpdateEmployerIn(c.tx, c.actor, cur, std::move(e)), true, v, *c.events, EmployerColumn);
}

core::Result<Outcome> ImportPermit(Context& c, RowView& v) {
  WorkPermit w;
  FieldsFromRow(registry::PermitFields(), v, w);
  w.status = v.Get(kWStatus).empty() ? "applied" : v.Get(kWStatus);
  bool ok = true;
  // The parties by their natural keys; one the actor cannot see reads as missing.
  Document pd{v.Get(kWPersonKind), text::UpperNoSpaces(text::ToNfc(v.Get(kWPersonNumber))), v.Get(kWPersonCountry), {}};
  LB_TRY(person, c.registry.FindPersonByDocument(c.tx, c.scope, pd));
  if (person.record) {
    w.person_id = person.record->id;
  } else {
    v.Add("person_document_number", "person_not_found",
          "No person with this document (kind, number, issuing country) is registered; import the persons first.");
    ok = false;
  }
  const std::string reg = text::CollapseSpaces(text::ToNfc(v.Get(kWEmployerReg)));
  LB_TRY(employer, c.registry.FindEmployerByRegistration(c.tx, c.scope, v.Get(kWEmployerCountry), reg));
  if (employer.record) {
    w.employer_id = employer.record->id;
  } else {
    v.Add("employer_registration_number", "employer_not_found",
          "No employer with this registration number and country is registered; import the employers first.");
    ok = false;
  }
  auto errors = c.registry.ValidatePermitFields(w);
  std::erase_if(errors, [&](const core::FieldError& f) {
    return (f.field == "person_id" && !person.record) || (f.field == "employer_id" && !employer.record);
  });
  LB_TRY(existing,
         CheckRow<WorkPermit>(
             c, v, ok, errors, PermitColumn,
             {w.host_country + '|' + w.permit_number, !w.permit_number.empty(), "permit_number",
              "permit number and host country", "A permit with this number is registered outside your scope."},
             [&] { return c.registry.FindPermitByNumber(c.tx, c.scope, w.host_country, w.permit_number); }));
  if (!existing) return Outcome::kInvalid;
  auto& m = *existing;
  if (!m.record) {
    return Written(c.registry.InsertPermitIn(c.tx, c.actor, c.scope, std::move(w)), false, v, *c.events, PermitColumn);
  }
  const WorkPermit& cur = *m.record;
  if (cur.person_id != w.person_id) {
    v.Add("person_document_number", "different_person", "This permit number is registered to another person.");
    return Outcome::kInvalid;
  }
  if (v.Has(kWStatus) && w.status != cur.status) {
    v.Add("status", "status_change",
          "The permit is " + cur.status + "; change a permit's status through a transition, not an import.");
    return Outcome::kInvalid;
  }
  if (!v.Has(kWIssued)) w.issued = cur.issued;
  return Written(c.registry.UpdatePermitIn(c.tx, c.actor, c.scope, cur, std::move(w)), true, v, *c.events,
                 PermitColumn);
}

// A row of the bulk path's window: its issues and outcome wait until the window's new
// persons are checked, so issues, counts and audit entries keep the file's order.
struct WindowRow {
  std::vector<Issue> issues;
  Outcome outcome = Outcome::kInvalid;
  std::vector<audit::Event> events;  // an update's
  int64_t number = 0;
  std::string given_column, given_value;  // where a possible_duplicate issue goes
  size_t pending = SIZE_MAX;              // index among the window's new persons
};

// The persons import with new persons written in bulk (registry/bulk.h) and checked for
// duplicates a window of rows at a time (registry/matching/bulk_duplicates.h): the same
// validation, matching, issues, records and audit entries as ImportPerson row by row.
// `stop_after`: the rows read so far at which to stop (a dry run's window ends there);
// `*source_done` is set once the file has no more rows.
core::Status ImportPersonsInBulk(Context& c, TableSource& source, const HeaderMap& map, const ImportOptions& options,
                                 const IssueSink& sink, const ProgressSink& progress, ImportSummary& s,
                                 int64_t stop_after, bool* source_done) {
  constexpr size_t kWindow = 2000;
  static const core::SystemClock kSystemClock;
  const core::Clock& clock = options.clock ? *options.clock : kSystemClock;
  registry::PersonBulkWriter writer(c.tx);
  std::optional<registry::matching::BulkDuplicateFinder> finder;
  if (c.check_duplicates) finder.emplace(*c.db, c.scope);
  std::vector<WindowRow> window;
  std::vector<Person> fresh;  // the window's new persons, in row order
  std::vector<audit::EncodedEvent> events;
  SourceRow row;
  std::vector<audit::Event> row_events;
  std::optional<Person> pending;
  c.pending = &pending;
  auto finish_window = [&]() -> core::Status {
    const bool full = window.size() >= kWindow;  // progress every 2,000 rows, as row by row
    std::vector<std::vector<registry::DuplicateCandidate>> duplicates;
    if (finder && !fresh.empty()) {
      LB_TRY(found, finder->Find(fresh));
      duplicates = std::move(found);
    }
    for (auto& w : window) {
      if (w.pending != SIZE_MAX) {
        if (!duplicates.empty() && !duplicates[w.pending].empty()) {
          w.issues.push_back({w.number, w.given_column, w.given_value, "possible_duplicate",
                              PossibleDuplicateMessage(duplicates[w.pending].front())});
          w.outcome = Outcome::kInvalid;
        } else {
          Person& p = fresh[w.pending];
          events.push_back(registry::PrepareNewPerson(clock, c.registry.node(), c.actor, p));
          auto terms = registry::PersonNameTerms(p);
          writer.Add(std::move(p), std::move(terms));
          w.outcome = Outcome::kCreated;
        }
      }
      for (auto& e : w.events) {
        events.push_back(
            {std::move(e.actor), std::move(e.action), std::move(e.entity_type), std::move(e.entity_id),
             e.changes.is_null() ? std::nullopt : std::optional<std::string>(audit::CanonicalJson(e.changes))});
      }
      for (const auto& i : w.issues) sink(i);
      Tally(s, w.outcome);
    }
    window.clear();
    fresh.clear();
    if (!options.dry_run) {
      LB_CHECK(writer.Flush());
      if (c.audit && !events.empty()) {
        LB_CHECK(audit::AppendEncoded(c.tx, c.audit->node(), core::FormatRfc3339(clock.Now()), events));
      }
    }
    events.clear();
    if (progress && full) progress({s.rows, source.Done(), source.Total(), false});
    return {};
  };
  for (;;) {
    if (s.rows >= stop_after) break;
    LB_TRY(more, source.Next(row));
    if (!more) {
      *source_done = true;
      break;
    }
    ++s.rows;
    WindowRow& w = window.emplace_back();
    w.number = row.number;
    row_events.clear();
    c.events = &row_events;
    if (PrepareRow(options.kind, map, row, w.issues)) {
      RowView v(options.kind, map, row, w.issues);
      w.given_column = v.ColumnName("given_names");
      w.given_value = v.ValueOf("given_names");
      LB_TRY(outcome, ImportPerson(c, v));
      w.outcome = outcome;
      if (outcome == Outcome::kPending) {
        w.pending = fresh.size();
        fresh.push_back(std::move(*pending));
        pending.reset();
      }
    }
    w.events = std::move(row_events);
    if (window.size() >= kWindow) LB_CHECK(finish_window());
  }
  LB_CHECK(finish_window());
  c.pending = nullptr;
  if (options.dry_run || (s.invalid > 0 && !options.skip_invalid)) return {};  // rolled back: nothing more to write
  LB_CHECK(writer.Flush());
  // Writing many postings takes a few seconds and reads no more input: said so.
  if (progress && writer.kept_postings() >= 100000) progress({s.rows, source.Done(), source.Total(), false, true});
  return writer.Finish();
}

}  // namespace

core::Result<ImportSummary> Importer::Run(const access::Principal& actor, TableSource& source,
                                          const ImportOptions& options, const IssueSink& sink,
                                          const ProgressSink& progress, ImportSummary* summary_out) {
  LB_CHECK(registry_.Authorize(actor, RecordOf(options.kind), registry::RegistryAction::kWrite));
  SourceRow row;
  LB_TRY(has_header, source.Next(row));
  if (!has_header) {
    Issue i{1, "", "", "empty_file", "The file is empty; the first row must name the columns."};
    sink(i);
    return core::Fail(core::Error::Field("file", i.code, i.message));
  }
  std::vector<Issue> issues;
  for (auto& h : row.cells) {
    if (h.starts_with("\xEF\xBB\xBF")) h.erase(0, 3);  // a second BOM some tools add
  }
  const HeaderMap map = MapHeader(options.kind, row.cells, issues);
  if (!issues.empty()) {
    for (const auto& i : issues) sink(i);
    return core::Fail(
        core::Error::Field("file", issues.front().code, "The header row is wrong: " + issues.front().message));
  }

  ImportSummary s;
  const registry::Scope scope = registry_.ScopeOf(actor);
  SeenKeys seen;
  std::vector<audit::Event> events;
  events.reserve(kAuditBatch);
  auto flush = [&](storage::Transaction& tx) -> core::Status {
    if (events.empty() || options.dry_run || !audit_) {
      events.clear();
      return {};
    }
    LB_CHECK(audit_->AppendAll(tx, std::move(events)));
    events.clear();
    return {};
  };
  auto report = [&](bool finished) {
    if (progress) progress({s.rows, source.Done(), source.Total(), finished});
  };

  const auto& before_commit = options.before_commit;
  // A dry run writes nothing it keeps, so it takes the writer for a window of rows at a time
  // (each rolled back) and lets other writers in between: on SQLite one transaction writes at
  // a time, and a dry run of a large file held it for minutes. The registry's keys are read
  // once; the file's own keys (`seen`) carry over from window to window.
  SeenKeys existing;
  int64_t existing_count = 0;
  bool existing_read = false;
  bool source_done = false;
  int64_t window_end = std::numeric_limits<int64_t>::max();
  auto window = [&](storage::Transaction& tx) -> core::Status {
    store::BulkSettings bulk(tx.conn());
    if (!existing_read) {
      LB_CHECK(store::ForEachNaturalKey(tx, options.kind, [&](std::string_view key) {
        existing.Insert(key, 1);
        ++existing_count;
      }));
      existing_read = true;
    }
    const bool any_existing = existing_count > 0;
    // Rebuilding the name indexes costs a sort of the whole table: worth it only when the
    // file brings at least as many persons as the registry holds. (Since migration V011 the
    // name index's postings table is its own only index, so nothing is deferred there today.)
    store::DeferredIndexes deferred;
    const uint64_t estimated_rows = (source.Total() + kBytesPerPersonRow - 1) / kBytesPerPersonRow;
    if (options.kind == Kind::kPersons && !options.dry_run && estimated_rows >= options.rebuild_indexes_from &&
        estimated_rows >= static_cast<uint64_t>(existing_count)) {
      LB_TRY(d, store::DeferredIndexes::Drop(tx, "person_name_terms"));
      deferred = std::move(d);
    }
    Context c{registry_, actor, scope, tx, seen, existing, &events, any_existing && !options.confirm_new};
    c.db = &db_;
    c.audit = audit_;
    if (options.kind == Kind::kPersons && options.bulk) {
      LB_CHECK(ImportPersonsInBulk(c, source, map, options, sink, progress, s, window_end, &source_done));
      if (options.dry_run || (s.invalid > 0 && !options.skip_invalid)) {
        return core::Fail(core::Error{core::ErrorCode::kConflict, "", {}, std::string(kRollback)});
      }
      if (!deferred.empty() && progress) progress({s.rows, source.Done(), source.Total(), false, true});
      LB_CHECK(deferred.Rebuild(tx));
      return before_commit ? before_commit() : core::Status{};
    }
    for (;;) {
      if (s.rows >= window_end) break;
      LB_TRY(more, source.Next(row));
      if (!more) {
        source_done = true;
        break;
      }
      ++s.rows;
      issues.clear();
      Outcome outcome = Outcome::kInvalid;
      if (PrepareRow(options.kind, map, row, issues)) {
        RowView v(options.kind, map, row, issues);
        core::Result<Outcome> r = Outcome::kInvalid;
        switch (options.kind) {
          case Kind::kPersons:
            r = ImportPerson(c, v);
            break;
          case Kind::kEmployers:
            r = ImportEmployer(c, v);
            break;
          case Kind::kPermits:
            r = ImportPermit(c, v);
            break;
        }
        if (!r) return core::Fail(r.error());
        outcome = *r;
      }
      for (const auto& i : issues) sink(i);
      Tally(s, outcome);
      if (events.size() >= kAuditBatch) LB_CHECK(flush(tx));
      if (s.rows % kProgressEvery == 0) report(false);
    }
    LB_CHECK(flush(tx));
    if (options.dry_run || (s.invalid > 0 && !options.skip_invalid)) {
      return core::Fail(core::Error{core::ErrorCode::kConflict, "", {}, std::string(kRollback)});
    }
    // (A rolled-back run needs no rebuild: the rollback restores the indexes.)
    if (!deferred.empty() && progress) progress({s.rows, source.Done(), source.Total(), false, true});
    LB_CHECK(deferred.Rebuild(tx));
    return before_commit ? before_commit() : core::Status{};
  };
  core::Status status;
  for (;;) {
    if (options.dry_run) window_end = s.rows + kDryRunWindowRows;
    status = db_.RunWrite(window);
    if (!options.dry_run || source_done || (!status && status.error().internal != kRollback)) break;
    // Writers waiting for the writer go first.
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  report(true);
  const bool rolled_back = !status && status.error().internal == kRollback;
  if (!status && !rolled_back) return core::Fail(status.error());
  s.committed = !rolled_back;
  if (summary_out) *summary_out = s;
  if (rolled_back && !options.dry_run) {
    return core::Fail(core::Error::Field(
        "file", "invalid_rows",
        std::to_string(s.invalid) + " of " + std::to_string(s.rows) +
            " rows are invalid; nothing was imported (fix them, or use --skip-invalid to import the valid rows)."));
  }
  return s;
}

registry::RegistryRecord RecordOf(Kind kind) {
  switch (kind) {
    case Kind::kPersons:
      return registry::RegistryRecord::kPerson;
    case Kind::kEmployers:
      return registry::RegistryRecord::kEmployer;
    case Kind::kPermits:
      return registry::RegistryRecord::kPermit;
  }
  return registry::RegistryRecord::kPerson;
}

}  // namespace lb::files
