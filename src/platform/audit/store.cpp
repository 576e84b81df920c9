#include "platform/audit/store.h"

#include "storage/rows.h"

namespace lb::audit::store {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kAdvanceHead = "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash";
constexpr std::string_view kAdvanceHeadBy = "UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash";
constexpr std::string_view kSetHeadHash = "UPDATE audit_head SET hash = $1 WHERE id = 1";
constexpr std::string_view kSelectHead = "SELECT seq, hash FROM audit_head WHERE id = 1";
constexpr std::string_view kInsertEntry =
    "INSERT INTO audit_log (seq, at, node, actor, action, entity_type, entity_id, changes, prev_hash, hash)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
constexpr std::string_view kEntryColumns =
    "seq, at, node, actor, action, entity_type, entity_id, changes, prev_hash, hash";
// Every read of entries: the columns EntryFromRow maps.
const std::string kSelectEntries = "SELECT " + std::string(kEntryColumns) + " FROM audit_log";
const std::string kEntriesAfter = kSelectEntries + " WHERE seq > $1 ORDER BY seq LIMIT $2";
const std::string kEntryAt = kSelectEntries + " WHERE seq = $1";
const std::string kLastEntry = kSelectEntries + " ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kInsertCheckpoint =
    "INSERT INTO audit_checkpoints (seq, head_hash, node, at, signature, public_key)"
    " VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kListCheckpoints =
    "SELECT id, seq, head_hash, node, at, signature, public_key FROM audit_checkpoints ORDER BY id";

StoredEntry EntryFromRow(const Row& r) {
  StoredEntry e;
  e.seq = r.Int(0);
  e.at = r.Str(1);
  e.node = r.Str(2);
  e.actor = r.Str(3);
  e.action = r.Str(4);
  e.entity_type = r.Str(5);
  e.entity_id = r.Str(6);
  e.changes = r.Opt(7);
  e.prev_hash = r.Str(8);
  e.hash = r.Str(9);
  return e;
}

core::Result<std::vector<StoredEntry>> Entries(core::Result<storage::Rows> rows) {
  return storage::AllOf(rows, EntryFromRow);
}

core::Result<std::optional<StoredEntry>> OneEntry(core::Result<storage::Rows> rows) {
  return storage::FirstOf(rows, EntryFromRow);
}

core::Error HeadMissing() {
  return core::Error::Internal("audit_head row is missing: the audit log schema was tampered with");
}

}  // namespace

core::Result<Head> AdvanceHead(Transaction& tx) {
  LB_TRY(rows, tx.Query(kAdvanceHead, {}));
  if (rows.empty()) return core::Fail(HeadMissing());
  return Head{rows.front().Int(0), rows.front().Str(1)};
}

core::Result<Head> AdvanceHeadBy(Transaction& tx, int64_t n) {
  LB_TRY(rows, tx.Query(kAdvanceHeadBy, {n}));
  if (rows.empty()) return core::Fail(HeadMissing());
  return Head{rows.front().Int(0), rows.front().Str(1)};
}

core::Status SetHeadHash(Transaction& tx, const std::string& hash) {
  LB_TRY(n, tx.Exec(kSetHeadHash, {hash}));
  if (n != 1) return core::Fail(HeadMissing());
  return {};
}

core::Result<Head> ReadHead(Transaction& tx) {
  LB_TRY(rows, tx.Query(kSelectHead, {}));
  if (rows.empty()) return core::Fail(HeadMissing());
  return Head{rows.front().Int(0), rows.front().Str(1)};
}

core::Status InsertEntries(Transaction& tx, std::span<const StoredEntry> entries) {
  // Many rows per statement: a bulk import appends an entry per record.
  constexpr size_t kRowsPerInsert = 32;
  std::vector<storage::Value> params;
  for (size_t start = 0; start < entries.size(); start += kRowsPerInsert) {
    const size_t n = std::min(kRowsPerInsert, entries.size() - start);
    params.clear();
    params.reserve(n * 10);
    for (const auto& e : entries.subspan(start, n)) {
      params.insert(params.end(), {e.seq, e.at, e.node, e.actor, e.action, e.entity_type, e.entity_id,
                                   storage::Opt(e.changes), e.prev_hash, e.hash});
    }
    const std::string sql =
        "INSERT INTO audit_log (" + std::string(kEntryColumns) + ") VALUES " + storage::ValuesList(10, n);
    LB_TRY(written, tx.Exec(sql, std::span<const storage::Value>(params)));
    (void)written;
  }
  return {};
}

core::Status InsertEntry(Transaction& tx, const StoredEntry& e) {
  LB_TRY(n, tx.Exec(kInsertEntry, {e.seq, e.at, e.node, e.actor, e.action, e.entity_type, e.entity_id,
                                   storage::Opt(e.changes), e.prev_hash, e.hash}));
  (void)n;
  return {};
}

core::Result<std::vector<StoredEntry>> EntriesAfter(Transaction& tx, int64_t after_seq, int limit) {
  return Entries(tx.Query(kEntriesAfter, {after_seq, int64_t{limit}}));
}

core::Result<std::optional<StoredEntry>> EntryAt(Transaction& tx, int64_t seq) {
  return OneEntry(tx.Query(kEntryAt, {seq}));
}

core::Result<std::optional<StoredEntry>> LastEntry(Transaction& tx) { return OneEntry(tx.Query(kLastEntry, {})); }

core::Result<std::vector<StoredEntry>> ListEntries(Transaction& tx, const ListFilter& f) {
  // Built from fixed fragments only; every value is bound.
  std::string sql = kSelectEntries;
  std::vector<Value> params;
  auto where = [&](std::string_view column_op, Value v) {
    params.push_back(std::move(v));
    sql += params.size() == 1 ? " WHERE " : " AND ";
    sql += column_op;
    sql += " $" + std::to_string(params.size());
  };
  if (f.entity_type) where("entity_type =", *f.entity_type);
  if (f.entity_id) where("entity_id =", *f.entity_id);
  if (f.actor) where("actor =", *f.actor);
  if (f.action) where("action =", *f.action);
  if (f.at_from) where("at >=", *f.at_from);
  if (f.at_until) where("at <", *f.at_until);
  if (f.after_seq) where(f.newest_first ? "seq <" : "seq >", *f.after_seq);
  params.emplace_back(int64_t{f.limit});
  sql += f.newest_first ? " ORDER BY seq DESC" : " ORDER BY seq";
  sql += " LIMIT $" + std::to_string(params.size());
  auto rows = tx.conn().Query(sql, params);
  if (!rows) return core::Fail(storage::ToError(rows.error()));
  return Entries(std::move(*rows));
}

core::Status InsertCheckpoint(Transaction& tx, const StoredCheckpoint& c) {
  LB_TRY(n, tx.Exec(kInsertCheckpoint, {c.seq, c.head_hash, c.node, c.at, c.signature, c.public_key}));
  (void)n;
  return {};
}

core::Result<std::vector<StoredCheckpoint>> ListCheckpoints(Transaction& tx) {
  LB_TRY(rows, tx.Query(kListCheckpoints, {}));
  std::vector<StoredCheckpoint> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Int(1), r.Str(2), r.Str(3), r.Str(4), r.Str(5), r.Str(6)});
  }
  return out;
}

}  // namespace lb::audit::store
