// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace servesim::sim {

/// The simulator's subcommands; each takes the arguments after its name and returns the exit code.
int simulate_command(const std::vector<std::string>& args);
int bench_command(const std::vector<std::string>& args);
int demo_command(const std::vector<std::string>& args);

}  // namespace servesim::sim
