#include "platform/reference/reference.h"

#include <stdexcept>

#include "core/csv.h"
#include "core/resources.h"

namespace lb::registry {
namespace {

std::vector<std::vector<std::string>> Load(std::string_view path) {
  auto data = core::FindResource(path);
  if (!data) throw std::runtime_error("reference data missing from the binary: " + std::string(path));
  auto rows = core::ParseCsv(*data);
  if (!rows.empty()) rows.erase(rows.begin());  // header
  return rows;
}

std::optional<std::string> NonEmpty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

}  // namespace

const Reference& Reference::Embedded() {
  static const Reference ref = [] {
    Reference r;
    for (auto& row : Load("data/countries.csv")) r.countries_[row.at(0)] = row.at(2);
    for (auto& row : Load("data/subdivisions.csv")) {
      Subdivision s{row.at(0), row.at(1),           row.at(2),           row.at(3),           row.at(4),
                    row.at(5), NonEmpty(row.at(6)), NonEmpty(row.at(7)), NonEmpty(row.at(8)), row.at(9) == "1"};
      r.subdivisions_[s.code] = s;
    }
    for (auto& row : Load("data/isco08.csv")) r.occupations_[row.at(0)] = row.at(1);
    for (auto& row : Load("data/permit_rules.csv")) {
      PermitRule rule;
      rule.max_months = std::stoi(row.at(1));
      if (!row.at(2).empty()) rule.max_extensions = std::stoi(row.at(2));
      rule.extension_max_months = std::stoi(row.at(3));
      r.rules_[row.at(0)] = rule;
    }
    return r;
  }();
  return ref;
}

bool Reference::IsCountry(std::string_view alpha2) const { return countries_.contains(alpha2); }

const Subdivision* Reference::FindSubdivision(std::string_view code) const {
  auto it = subdivisions_.find(code);
  return it == subdivisions_.end() ? nullptr : &it->second;
}

std::vector<const Subdivision*> Reference::CurrentSubdivisions(std::string_view country) const {
  std::vector<const Subdivision*> out;
  for (const auto& [code, s] : subdivisions_) {
    if (s.country == country && !s.valid_until) out.push_back(&s);
  }
  return out;
}

bool Reference::SubdivisionValidOn(const Subdivision& s, std::optional<std::string_view> date) const {
  if (!date) return true;
  if (s.valid_from && *date < *s.valid_from) return false;
  if (s.valid_until && *date > *s.valid_until) return false;
  return true;
}

std::vector<std::string> Reference::EquivalentProvinces(const std::string& code) const {
  std::vector<std::string> out{code};
  const Subdivision* self = FindSubdivision(code);
  if (self && self->successor) out.push_back(*self->successor);
  for (const auto& [c, s] : subdivisions_) {
    if (s.successor && *s.successor == code) out.push_back(c);
  }
  return out;
}

bool Reference::IsOccupation(std::string_view isco) const { return occupations_.contains(isco); }

std::string Reference::OccupationTitle(std::string_view isco) const {
  auto it = occupations_.find(isco);
  return it == occupations_.end() ? std::string() : it->second;
}

const PermitRule* Reference::RuleFor(std::string_view host_country) const {
  auto it = rules_.find(host_country);
  return it == rules_.end() ? nullptr : &it->second;
}

}  // namespace lb::registry
