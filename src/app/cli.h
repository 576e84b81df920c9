#pragma once
// The labourbridge command line.
namespace lb::app {

// Runs the CLI; returns the process exit code (0 ok, 1 usage, 2 input rejected, 3 runtime failure).
int RunCli(int argc, char** argv);

}  // namespace lb::app
