#include "app/commands.h"

namespace lb::app {

// The audit log commands come with the access issue; nothing to add yet.
void AddAuditCommands(CLI::App&, CommandTable&) {}

}  // namespace lb::app
