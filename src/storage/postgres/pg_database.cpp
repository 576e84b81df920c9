#include "storage/postgres/pg_database.h"

#include <libpq-fe.h>

#include <string>
#include <unordered_map>

namespace lb::storage {
namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

DbError MakeError(PGconn* conn, const PGresult* res) {
  DbError e;
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : nullptr;
  e.message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  if (constraint) e.constraint = constraint;
  if (state) {
    std::string_view s(state);
    if (s == "23505")
      e.kind = DbFailure::kUniqueViolation;
    else if (s == "23503")
      e.kind = DbFailure::kForeignKeyViolation;
    else if (s == "23514" || s == "23502")
      e.kind = DbFailure::kCheckViolation;
    else if (s == "40001" || s == "40P01" || s == "55P03")
      e.kind = DbFailure::kBusy;
    else if (s == "53100")  // disk_full
      e.kind = DbFailure::kDiskFull;
  }
  return e;
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  std::expected<Rows, DbError> Query(std::string_view sql, std::span<const Value> params) override {
    auto res = Run(sql, params);
    if (!res) return std::unexpected(res.error());
    PGresult* r = res->get();
    Rows rows;
    const int n = PQntuples(r), m = PQnfields(r);
    rows.reserve(n);
    for (int i = 0; i < n; ++i) {
      std::vector<std::optional<std::string>> cols;
      cols.reserve(m);
      for (int j = 0; j < m; ++j) {
        if (PQgetisnull(r, i, j))
          cols.emplace_back(std::nullopt);
        else
          cols.emplace_back(std::string(PQgetvalue(r, i, j), PQgetlength(r, i, j)));
      }
      rows.emplace_back(std::move(cols));
    }
    return rows;
  }

  std::expected<int64_t, DbError> Exec(std::string_view sql, std::span<const Value> params) override {
    auto res = Run(sql, params);
    if (!res) return std::unexpected(res.error());
    const char* n = PQcmdTuples(res->get());
    return (n && *n) ? std::stoll(n) : 0;
  }

  std::expected<void, DbError> ExecScript(std::string_view sql) override {
    PgResult r(PQexec(conn_, std::string(sql).c_str()));
    auto st = PQresultStatus(r.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return std::unexpected(MakeError(conn_, r.get()));
    return {};
  }

  std::expected<void, DbError> Begin(bool) override { return ExecScript("BEGIN"); }
  std::expected<void, DbError> Commit() override { return ExecScript("COMMIT"); }
  void Rollback() noexcept override {
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) PQclear(PQexec(conn_, "ROLLBACK"));
  }
  bool Healthy() override { return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE; }

 private:
  std::expected<PgResult, DbError> Run(std::string_view sql, std::span<const Value> params) {
    auto it = prepared_.find(sql);
    std::string name;
    if (it == prepared_.end()) {
      name = "s" + std::to_string(prepared_.size() + 1);
      PgResult p(PQprepare(conn_, name.c_str(), std::string(sql).c_str(), 0, nullptr));
      if (PQresultStatus(p.get()) != PGRES_COMMAND_OK) return std::unexpected(MakeError(conn_, p.get()));
      prepared_.emplace(std::string(sql), name);
    } else {
      name = it->second;
    }
    std::vector<std::string> ints;
    ints.reserve(params.size());
    std::vector<const char*> values(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      if (const auto* n = std::get_if<int64_t>(&params[i])) {
        ints.push_back(std::to_string(*n));
        values[i] = ints.back().c_str();
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        values[i] = s->c_str();
      } else {
        values[i] = nullptr;
      }
    }
    PgResult r(
        PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values.data(), nullptr, nullptr, 0));
    auto st = PQresultStatus(r.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return std::unexpected(MakeError(conn_, r.get()));
    return r;
  }

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  PGconn* conn_;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> prepared_;
};

constexpr const char* kConnectTimeout = "5";  // seconds (libpq connect_timeout)

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string conninfo, size_t pool_size) : Database(pool_size), conninfo_(std::move(conninfo)) {}
  Dialect dialect() const override { return Dialect::kPostgres; }

 protected:
  std::expected<std::unique_ptr<Connection>, DbError> Open() override {
    // A server that accepts the TCP connection but never answers would block this thread (and
    // the request) forever: give up after kConnectTimeout unless the URL sets connect_timeout.
    // The URL is expanded as the dbname, after the default, so its own values win.
    const char* keys[] = {"connect_timeout", "dbname", nullptr};
    const char* values[] = {kConnectTimeout, conninfo_.c_str(), nullptr};
    PGconn* c = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (PQstatus(c) != CONNECTION_OK) {
      DbError e{DbFailure::kOther, "", std::string("cannot connect to PostgreSQL: ") + PQerrorMessage(c)};
      PQfinish(c);
      return std::unexpected(e);
    }
    auto conn = std::make_unique<PgConnection>(c);
    if (auto r = conn->ExecScript("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'"); !r) {
      return std::unexpected(r.error());
    }
    return std::unique_ptr<Connection>(std::move(conn));
  }

 private:
  std::string conninfo_;
};

}  // namespace

std::unique_ptr<Database> OpenPostgres(const std::string& conninfo, size_t pool_size) {
  return std::make_unique<PgDatabase>(conninfo, pool_size);
}

}  // namespace lb::storage
