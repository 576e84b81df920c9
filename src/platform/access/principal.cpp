#include "platform/access/principal.h"

#include <array>
#include <utility>

namespace lb::access {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 8> kRoles = {{
    {Role::kAdmin, "admin"},
    {Role::kRegistryOfficer, "registry_officer"},
    {Role::kCooperationOfficer, "cooperation_officer"},
    {Role::kTrainingOfficer, "training_officer"},
    {Role::kWelfareOfficer, "welfare_officer"},
    {Role::kViewer, "viewer"},
    {Role::kAuditor, "auditor"},
    {Role::kPartnerNode, "partner_node"},
}};

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoles) {
    if (r == role) return name;
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [r, n] : kRoles) {
    if (n == name) return r;
  }
  return std::nullopt;
}

Principal Principal::System(std::string country) {
  Principal p;
  p.user_id = "system";
  p.user_name = "system";
  p.role = Role::kAdmin;
  p.country = std::move(country);
  return p;
}

}  // namespace lb::access
