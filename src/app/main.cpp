#include "app/cli.h"

int main(int argc, char** argv) { return lb::app::RunCli(argc, argv); }
