#include "app/commands.h"

namespace lb::app {

// User accounts come with the access issue; nothing to add yet.
void AddUserCommands(CLI::App&, CommandTable&) {}

}  // namespace lb::app
