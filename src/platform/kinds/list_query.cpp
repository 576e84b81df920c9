#include "platform/kinds/list_query.h"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/id.h"

namespace lb::kinds {

void ListQuery::Clause(std::string_view clause, const std::vector<storage::Value>& values) {
  sql += sql.find(" WHERE ") == std::string::npos ? " WHERE " : " AND ";
  std::string c(clause);
  size_t pos = 0;
  for (const auto& v : values) {
    params.push_back(v);
    pos = c.find('?', pos);
    const std::string ph = "$" + std::to_string(params.size());
    c.replace(pos, 1, ph);
    pos += ph.size();
  }
  sql += "(" + c + ")";
}

core::Result<storage::Rows> RunList(storage::Transaction& tx, ListQuery& q, const std::optional<std::string>& after_id,
                                    int limit, std::string_view id_column) {
  const std::string id(id_column);
  if (after_id) q.Clause(id + " > ?", {*after_id});
  q.params.emplace_back(int64_t{limit});
  q.sql += " ORDER BY " + id + " LIMIT $" + std::to_string(q.params.size());
  auto rows = tx.conn().Query(q.sql, q.params);
  if (!rows) return core::Fail(storage::ToError(rows.error()));
  return std::move(*rows);
}

// --- cursors --------------------------------------------------------------------------------

namespace {

// A cursor is base64url of a JSON array: ["l1", before, sort, desc, [values...], id]. The tag
// names the format, so a cursor of another kind (or an older one) is refused, not misread.
constexpr std::string_view kTag = "l1";
constexpr size_t kMaxCursor = 4096;  // far above any real one (sort values are short columns)

std::string Base64Url(std::string_view bin) {
  std::string out(sodium_base64_encoded_len(bin.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bin.data()), bin.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::optional<std::string> FromBase64Url(std::string_view text) {
  std::string bin(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  bin.resize(len);
  return bin;
}

const SortKey* FindKey(std::span<const SortKey> keys, const std::optional<std::string>& sort) {
  if (keys.empty()) return nullptr;
  if (!sort) return &keys.front();
  auto it = std::find_if(keys.begin(), keys.end(), [&](const SortKey& k) { return k.name == *sort; });
  return it == keys.end() ? nullptr : &*it;
}

core::Error BadCursor() {
  return core::Error::Field("cursor", "invalid_cursor",
                            "cursor is not one this server issued for this list and sort order.");
}

}  // namespace

std::string EncodeListCursor(const ListCursor& c) {
  const nlohmann::json j = {kTag, c.before ? 1 : 0, c.sort, c.desc ? 1 : 0, c.values, c.id};
  return Base64Url(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::optional<ListCursor> DecodeListCursor(std::string_view text) {
  if (text.empty() || text.size() > kMaxCursor) return std::nullopt;
  auto bin = FromBase64Url(text);
  if (!bin) return std::nullopt;
  const auto j = nlohmann::json::parse(*bin, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array() || j.size() != 6 || !j[0].is_string() || j[0].get<std::string>() != kTag) return std::nullopt;
  if (!j[1].is_number_integer() || !j[2].is_string() || !j[3].is_number_integer() || !j[4].is_array() ||
      !j[5].is_string()) {
    return std::nullopt;
  }
  const auto before = j[1].get<int64_t>(), desc = j[3].get<int64_t>();
  if ((before != 0 && before != 1) || (desc != 0 && desc != 1)) return std::nullopt;
  ListCursor c;
  c.before = before == 1;
  c.desc = desc == 1;
  c.sort = j[2].get<std::string>();
  for (const auto& v : j[4]) {
    if (!v.is_string()) return std::nullopt;
    c.values.push_back(v.get<std::string>());
  }
  c.id = j[5].get<std::string>();
  if (!core::IsUuid(c.id)) return std::nullopt;
  return c;
}

// --- sorted lists ---------------------------------------------------------------------------

std::vector<core::FieldError> CheckSortedRequest(std::span<const SortKey> keys, const SortedRequest& req) {
  std::vector<core::FieldError> errors;
  const SortKey* key = FindKey(keys, req.sort);
  if (!key) {
    std::string names;
    for (const auto& k : keys) names += (names.empty() ? "" : ", ") + std::string(k.name);
    errors.push_back({"sort", "invalid_value", "sort must be one of: " + names + "."});
  }
  if (req.dir && *req.dir != "asc" && *req.dir != "desc") {
    errors.push_back({"dir", "invalid_value", "dir must be asc or desc."});
  }
  if (req.limit < 1 || req.limit > 500) errors.push_back({"limit", "out_of_range", "limit must be 1..500."});
  if (req.cursor) {
    auto c = DecodeListCursor(*req.cursor);
    const bool desc = req.dir && *req.dir == "desc";
    // A cursor is tied to its order: reusing one under another sort would start the page at a
    // row that is not where the reader was.
    if (!c || (key && (c->sort != key->name || c->desc != desc || c->values.size() != key->columns.size()))) {
      errors.push_back(BadCursor().fields.front());
    }
  }
  return errors;
}

core::Result<SortedRows> RunSortedList(storage::Transaction& tx, std::string_view columns, const ListQuery& from_where,
                                       std::span<const SortKey> keys, const SortedRequest& req,
                                       std::string_view id_column) {
  if (auto errors = CheckSortedRequest(keys, req); !errors.empty()) {
    return core::Fail(core::Error::Validation(std::move(errors)));
  }
  const SortKey& key = *FindKey(keys, req.sort);
  const bool desc = req.dir && *req.dir == "desc";
  std::optional<ListCursor> cursor;
  if (req.cursor) cursor = DecodeListCursor(*req.cursor);
  const std::string id(id_column);

  SortedRows out;
  {
    auto counted = tx.conn().Query("SELECT COUNT(*)" + from_where.sql, from_where.params);
    if (!counted) return core::Fail(storage::ToError(counted.error()));
    out.total = counted->empty() ? 0 : counted->front().Int(0);
  }

  std::string tuple;
  for (auto c : key.columns) tuple += std::string(c) + ", ";
  tuple += id;
  ListQuery q = from_where;
  const bool backward = cursor && cursor->before;
  if (cursor) {
    // Row values compare column by column, as ORDER BY does, on both databases.
    std::vector<storage::Value> values(cursor->values.begin(), cursor->values.end());
    values.emplace_back(cursor->id);
    std::string marks;
    for (size_t i = 0; i < values.size(); ++i) marks += i ? ", ?" : "?";
    q.Clause("(" + tuple + ") " + ((desc != backward) ? "<" : ">") + " (" + marks + ")", values);
  }
  // The previous page is read in the opposite order from its anchor, then turned round.
  const char* dir = (desc != backward) ? " DESC" : " ASC";
  std::string order;
  for (auto c : key.columns) order += std::string(c) + dir + ", ";
  order += id + dir;
  q.params.emplace_back(int64_t{req.limit + 1});
  const std::string sql = "SELECT " + std::string(columns) + ", " + tuple + q.sql + " ORDER BY " + order + " LIMIT $" +
                          std::to_string(q.params.size());
  auto rows = tx.conn().Query(sql, q.params);
  if (!rows) return core::Fail(storage::ToError(rows.error()));
  out.rows = std::move(*rows);
  const bool more = out.rows.size() > static_cast<size_t>(req.limit);
  if (more) out.rows.erase(out.rows.begin() + req.limit, out.rows.end());
  if (backward) std::reverse(out.rows.begin(), out.rows.end());
  if (out.rows.empty()) return out;

  const size_t n = key.columns.size();
  auto values_of = [&](const storage::Row& r) {
    std::vector<storage::Value> values;
    for (size_t i = r.size() - n - 1; i < r.size(); ++i) values.emplace_back(r.Str(i));
    return values;
  };
  if (cursor) {
    // The page's place: the rows before its first one, counted (only past the first page).
    ListQuery before = from_where;
    std::string marks;
    for (size_t i = 0; i <= n; ++i) marks += i ? ", ?" : "?";
    before.Clause("(" + tuple + ") " + (desc ? ">" : "<") + " (" + marks + ")", values_of(out.rows.front()));
    auto counted = tx.conn().Query("SELECT COUNT(*)" + before.sql, before.params);
    if (!counted) return core::Fail(storage::ToError(counted.error()));
    out.offset = counted->empty() ? 0 : counted->front().Int(0);
  }
  auto anchor = [&](const storage::Row& r, bool before) {
    ListCursor c{before, std::string(key.name), desc, {}, {}};
    const size_t first = r.size() - n - 1;
    for (size_t i = 0; i < n; ++i) c.values.push_back(r.Str(first + i));
    c.id = r.Str(r.size() - 1);
    return EncodeListCursor(c);
  };
  if (backward ? true : more) out.next_cursor = anchor(out.rows.back(), false);
  if (backward ? more : cursor.has_value()) out.prev_cursor = anchor(out.rows.front(), true);
  return out;
}

}  // namespace lb::kinds
