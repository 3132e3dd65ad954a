// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace servesim::app {

/// What every servesim executable does before its first command: keeps freed buffers (see the
/// .cpp for why) and registers the shipped default cost tables.
void prepare_process();

using CommandFn = int (*)(const std::vector<std::string>&);

/// Runs one subcommand and turns what it throws into an exit code and one line on stderr:
/// sim::UsageError exits 2, any other exception 1 ("servesim <command>: why").
int run_guarded(const char* name, CommandFn run, const std::vector<std::string>& args);

}  // namespace servesim::app
