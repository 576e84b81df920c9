#pragma once
// Who is acting: a user with a role and a scope (country, optionally a province and/or an
// organisation), reached through an API token, a web session or the command line.
#include <optional>
#include <string>
#include <string_view>

namespace lb::access {

enum class Role {
  kAdmin,
  kRegistryOfficer,
  kCooperationOfficer,
  kTrainingOfficer,
  kWelfareOfficer,
  kViewer,
  kAuditor,
  kPartnerNode,
};

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

struct Principal {
  std::string user_id;
  std::string user_name;  // what the audit log names as the actor
  Role role = Role::kViewer;
  std::string country;                  // VN or LA
  std::optional<std::string> province;  // narrows the scope to one province (ISO 3166-2)
  std::optional<std::string> org;       // narrows the scope to one organisation
  std::string token_id;                 // the API token used, if any
  std::string session_id;               // the web session used, if any

  // The node itself (demo loader, migrations, command line run by the operator).
  static Principal System(std::string country);
};

}  // namespace lb::access
