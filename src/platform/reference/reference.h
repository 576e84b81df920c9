#pragma once
// Reference data shipped in the binary: countries (ISO 3166-1), subdivisions (ISO 3166-2 and
// the 2025 Vietnamese provinces, with validity dates), ISCO-08 unit groups, and the work
// permit rules of each host country.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lb::registry {

struct Subdivision {
  std::string code, country, kind, name_en, name_vi, name_lo;
  std::optional<std::string> valid_from, valid_until, successor;
  bool borders_partner = false;
};

// Validity rules for work permits in one host country.
struct PermitRule {
  int max_months = 0;
  std::optional<int> max_extensions;  // unset = unlimited renewals
  int extension_max_months = 0;
};

class Reference {
 public:
  // The reference data embedded in the binary (parsed once).
  static const Reference& Embedded();

  bool IsCountry(std::string_view alpha2) const;
  const Subdivision* FindSubdivision(std::string_view code) const;
  // The subdivisions of a country that exist today (no end date), by code; for pick lists.
  std::vector<const Subdivision*> CurrentSubdivisions(std::string_view country) const;
  // True when the subdivision exists on `date` (YYYY-MM-DD); no date = ever existed.
  bool SubdivisionValidOn(const Subdivision& s, std::optional<std::string_view> date) const;
  // The province and the ones that are the same place across Vietnam's 2025 merger: its
  // predecessors (merged into it) and its successor.
  std::vector<std::string> EquivalentProvinces(const std::string& code) const;
  bool IsOccupation(std::string_view isco) const;
  // The ISCO-08 unit group's English title ("" for an unknown code).
  std::string OccupationTitle(std::string_view isco) const;
  // Every ISCO-08 unit group: code -> English title, in code order.
  const std::map<std::string, std::string, std::less<>>& Occupations() const { return occupations_; }
  const PermitRule* RuleFor(std::string_view host_country) const;

  size_t subdivision_count() const { return subdivisions_.size(); }
  size_t occupation_count() const { return occupations_.size(); }

 private:
  std::map<std::string, std::string, std::less<>> countries_;
  std::map<std::string, Subdivision, std::less<>> subdivisions_;
  std::map<std::string, std::string, std::less<>> occupations_;
  std::map<std::string, PermitRule, std::less<>> rules_;
};

}  // namespace lb::registry
