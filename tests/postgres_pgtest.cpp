// PostgreSQL-only behaviour: URL handling and errors when the server is unreachable.
#include <gtest/gtest.h>

#include "storage/database.h"

namespace lb::storage {
namespace {

TEST(PostgresOpen, UnreachableServerIsAClearRuntimeError) {
  auto db = OpenDatabase("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", 2);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(db.error().internal.find("cannot connect to PostgreSQL"), std::string::npos) << db.error().internal;
}

TEST(PostgresOpen, EnvironmentUrlConnects) {
  ASSERT_TRUE(std::getenv("PGHOST")) << "run through make test (pg_virtualenv sets PGHOST)";
  auto db = OpenDatabase("postgresql://", 2);
  ASSERT_TRUE(db) << db.error().internal;
  EXPECT_EQ((*db)->dialect(), Dialect::kPostgres);
  EXPECT_TRUE((*db)->Ping());
}

}  // namespace
}  // namespace lb::storage
