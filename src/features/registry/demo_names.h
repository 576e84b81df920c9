#pragma once

#include <span>
#include <string_view>

// Static tables for generating demo persons and employers (Vietnamese workers in Laos,
// Lao workers in Vietnam). All strings are NFC UTF-8 and live for the whole program.
namespace lb::registry::demo {

// A Vietnamese name part: with diacritics (NFC) and the passport Latin form (upper case, no diacritics, Đ -> D).
struct VnNamePart {
  std::string_view native;
  std::string_view latin;
};

// A Lao name part: Lao script and the passport Latin form (Lao official / BGN-PCGN style romanisation, upper case).
struct LaoNamePart {
  std::string_view native;
  std::string_view latin;
};

// Common Vietnamese family names, most frequent first (Nguyễn, Trần, Lê, ...).
std::span<const VnNamePart> VnFamilyNames();
// Vietnamese male middle names (Văn, Đức, Hữu, ...).
std::span<const VnNamePart> VnMiddleNamesMale();
// Vietnamese female middle names (Thị, Ngọc, Thu, ...).
std::span<const VnNamePart> VnMiddleNamesFemale();
// Vietnamese male given names (Hùng, Dũng, Tuấn, ...).
std::span<const VnNamePart> VnGivenNamesMale();
// Vietnamese female given names (Thủy, Hoa, Lan, ...).
std::span<const VnNamePart> VnGivenNamesFemale();

// Lao male given names (ບຸນຍັງ BOUNNHANG, ສົມພອນ SOMPHONE, ...).
std::span<const LaoNamePart> LaoGivenNamesMale();
// Lao female given names (ນ້ອຍ NOY, ແສງຈັນ SENGCHANH, ...).
std::span<const LaoNamePart> LaoGivenNamesFemale();
// Lao family names (ວໍລະຈິດ VORACHITH, ສີພັນດອນ SIPHANDONE, ...).
std::span<const LaoNamePart> LaoFamilyNames();

// A fictional employer used to seed demo data.
struct EmployerSeed {
  std::string_view name_latin;
  std::string_view name_native;  // Lao script if country is LA, Vietnamese if VN
  std::string_view country;      // VN or LA
  std::string_view province;     // ISO 3166-2 code (pre-2025 codes for VN)
  std::string_view sector;       // ISIC Rev.4 section letter
};

// Fictional Vietnamese-owned enterprises in Lao provinces and firms in Vietnamese provinces bordering Laos.
std::span<const EmployerSeed> Employers();

// ISCO-08 unit-group codes (4 digits) typical of migrant workers in the two countries.
std::span<const std::string_view> IscoCodesForDemo();

}  // namespace lb::registry::demo
