#include "core/local_time.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>

namespace lb::core {
namespace {

struct Zone {
  std::string name;
  std::unique_ptr<icu::TimeZone> tz;  // null for UTC
};

std::mutex& ZoneMutex() {
  static std::mutex m;
  return m;
}

// Guarded by ZoneMutex(): ICU's TimeZone is not documented as safe for concurrent use.
Zone& Current() {
  static Zone zone{"UTC", nullptr};
  return zone;
}

std::unique_ptr<icu::TimeZone> Lookup(std::string_view iana) {
  std::unique_ptr<icu::TimeZone> tz(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(icu::StringPiece(iana.data(), iana.size()))));
  if (!tz || *tz == icu::TimeZone::getUnknown()) return nullptr;
  return tz;
}

}  // namespace

std::string DefaultZoneFor(std::string_view node) { return node == "LA" ? "Asia/Vientiane" : "Asia/Ho_Chi_Minh"; }

bool IsKnownZone(std::string_view iana) { return iana == "UTC" || Lookup(iana) != nullptr; }

Status SetLocalZone(std::string_view iana) {
  std::unique_ptr<icu::TimeZone> tz;
  if (iana != "UTC") {
    tz = Lookup(iana);
    if (!tz) {
      return Fail(
          Error::Field("time_zone", "unknown_zone",
                       "time zone '" + std::string(iana) + "' is not in the IANA database (e.g. Asia/Vientiane)"));
    }
  }
  std::lock_guard lock(ZoneMutex());
  Current() = Zone{std::string(iana), std::move(tz)};
  return {};
}

std::string LocalZone() {
  std::lock_guard lock(ZoneMutex());
  return Current().name;
}

std::chrono::seconds LocalOffset(TimePoint t) {
  std::lock_guard lock(ZoneMutex());
  const Zone& zone = Current();
  if (!zone.tz) return std::chrono::seconds(0);
  int32_t raw = 0;
  int32_t dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone.tz->getOffset(static_cast<UDate>(t.time_since_epoch().count()), false, raw, dst, status);
  if (U_FAILURE(status)) return std::chrono::seconds(0);
  return std::chrono::seconds((raw + dst) / 1000);
}

std::chrono::sys_days LocalDay(TimePoint t) { return std::chrono::floor<std::chrono::days>(t + LocalOffset(t)); }

}  // namespace lb::core
