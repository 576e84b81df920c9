#pragma once
// The node's time zone: the one its officers live in. Dates people see and "today" (for what
// is due, overdue or expired) are counted in it; stored times and the API stay in UTC.
// Both countries keep UTC+7 all year (Asia/Ho_Chi_Minh, Asia/Vientiane), but the zone is
// looked up in the IANA database (through ICU), not assumed.
#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"

namespace lb::core {

// The zone a node uses when its configuration names none: Asia/Ho_Chi_Minh for VN,
// Asia/Vientiane for LA.
std::string DefaultZoneFor(std::string_view node);

// True when `iana` names a zone of the IANA database ("Asia/Vientiane", "UTC").
bool IsKnownZone(std::string_view iana);

// Sets the process's zone (a node is one process; set once at start). Until set, it is UTC,
// which is what in-process tests get unless they set one. An unknown name is a field error
// on `time_zone` and changes nothing.
Status SetLocalZone(std::string_view iana);
std::string LocalZone();

// The zone's offset from UTC at `t` (daylight saving included, where a zone has it).
std::chrono::seconds LocalOffset(TimePoint t);

// The calendar day at `t` in the local zone.
std::chrono::sys_days LocalDay(TimePoint t);

}  // namespace lb::core
