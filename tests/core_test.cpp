// Unit tests of core: ids, clock formatting, dates, config, CSV.
#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/clock.h"
#include "core/config.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/id.h"

namespace lb::core {
namespace {

TEST(UuidV7, HasVersionVariantAndTimestamp) {
  ASSERT_GE(sodium_init(), 0);
  ManualClock clock(TimePoint(std::chrono::milliseconds(0x0192'3456'789A)));
  const std::string id = NewUuidV7(clock);
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id.substr(0, 13), "01923456-789a");
  EXPECT_EQ(id[14], '7');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << id;
  EXPECT_TRUE(IsUuid(id));
}

TEST(UuidV7, SortsByCreationTime) {
  ManualClock clock(TimePoint(std::chrono::milliseconds(1'700'000'000'000)));
  std::string prev = NewUuidV7(clock);
  std::set<std::string> seen{prev};
  for (int i = 0; i < 1000; ++i) {
    clock.Advance(std::chrono::milliseconds(1));
    std::string next = NewUuidV7(clock);
    EXPECT_LT(prev, next);
    EXPECT_TRUE(seen.insert(next).second);
    prev = next;
  }
}

TEST(UuidV7, RejectsMalformed) {
  EXPECT_FALSE(IsUuid(""));
  EXPECT_FALSE(IsUuid("01923456-789a-7000-8000-00000000000"));
  EXPECT_FALSE(IsUuid("01923456x789a-7000-8000-000000000000"));
  EXPECT_FALSE(IsUuid("0192345g-789a-7000-8000-000000000000"));
  EXPECT_FALSE(IsUuid("' OR 1=1 --                         "));
}

TEST(Clock, FormatsRfc3339WithMilliseconds) {
  const TimePoint t = std::chrono::sys_days(std::chrono::year(2025) / 11 / 12) + std::chrono::hours(8) +
                      std::chrono::minutes(5) + std::chrono::seconds(9) + std::chrono::milliseconds(42);
  EXPECT_EQ(FormatRfc3339(t), "2025-11-12T08:05:09.042Z");
  EXPECT_EQ(FormatDate(t), "2025-11-12");
}

TEST(PartialDate, ParsesYearMonthAndFullDates) {
  EXPECT_EQ(ParsePartialDate("1978")->ToString(), "1978");
  EXPECT_EQ(ParsePartialDate("1978-05")->ToString(), "1978-05");
  EXPECT_EQ(ParsePartialDate("1978-05-21")->ToString(), "1978-05-21");
  EXPECT_EQ(ParsePartialDate("2024-02-29")->day, 29u);
}

TEST(PartialDate, RejectsImpossibleAndMalformed) {
  for (const char* bad : {"", "78", "1978-5", "1978-13", "1978-00", "2023-02-29", "2023-02-30", "1978-05-21T00", "1899",
                          "2101", "19a8", "1978/05/21", "1978-05-1"}) {
    EXPECT_FALSE(ParsePartialDate(bad)) << bad;
  }
  EXPECT_FALSE(ParseDate("1978"));
  EXPECT_FALSE(ParseDate("1978-05"));
}

TEST(Date, AddMonthsClampsToMonthEnd) {
  auto d = *ParseDate("2025-01-31");
  EXPECT_EQ(FormatDate(AddMonths(d, 1)), "2025-02-28");
  EXPECT_EQ(FormatDate(AddMonths(d, 24)), "2027-01-31");
  EXPECT_EQ(FormatDate(AddMonths(*ParseDate("2024-02-29"), 12)), "2025-02-28");
}

TEST(Config, ParsesListenAddresses) {
  auto a = ParseListen("127.0.0.1:8080");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->first, "127.0.0.1");
  EXPECT_EQ(a->second, 8080);
  auto b = ParseListen("[::1]:0");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->first, "::1");
  EXPECT_FALSE(ParseListen("localhost"));
  EXPECT_FALSE(ParseListen("localhost:99999"));
  EXPECT_FALSE(ParseListen("localhost:80x"));
}

TEST(Config, LoadsTomlAndRejectsUnknownKeys) {
  auto dir = std::filesystem::temp_directory_path() / "lb-config-test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "ok.toml") << "db = \"sqlite:x.db\"\nnode = \"LA\"\nthreads = 3\nbody_limit = 2048\n";
    std::ofstream(dir / "bad.toml") << "colour = \"blue\"\n";
    std::ofstream(dir / "type.toml") << "threads = \"many\"\n";
  }
  Config c;
  ASSERT_TRUE(LoadConfigFile((dir / "ok.toml").string(), c));
  EXPECT_EQ(c.db_url, "sqlite:x.db");
  EXPECT_EQ(c.node, "LA");
  EXPECT_EQ(c.threads, 3u);
  EXPECT_EQ(c.body_limit, 2048u);
  Config d;
  auto bad = LoadConfigFile((dir / "bad.toml").string(), d);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("colour"), std::string::npos);
  EXPECT_FALSE(LoadConfigFile((dir / "type.toml").string(), d));
  std::filesystem::remove_all(dir);
}

TEST(Config, ValidatesNode) {
  Config c;
  c.node = "TH";
  EXPECT_FALSE(ValidateConfig(c));
  c.node = "LA";
  EXPECT_TRUE(ValidateConfig(c));
}

TEST(Csv, HandlesQuotesNewlinesAndCrlf) {
  auto rows = ParseCsv("a,b\r\n\"x, y\",\"he said \"\"hi\"\"\"\n\"multi\nline\",\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], "x, y");
  EXPECT_EQ(rows[1][1], "he said \"hi\"");
  EXPECT_EQ(rows[2][0], "multi\nline");
  EXPECT_EQ(rows[2][1], "");
}

}  // namespace
}  // namespace lb::core
