// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace servesim::sim {

/// The simulator's subcommands; each takes the arguments after its name and returns the exit code.
int simulate_command(const std::vector<std::string>& args);
int bench_command(const std::vector<std::string>& args);
int run_command(const std::vector<std::string>& args);
int export_command(const std::vector<std::string>& args);
int demo_command(const std::vector<std::string>& args);

struct ServingConfig;
/// The serving-scenario options of simulate (shared with run, validate and testbed).
void add_serving_options(boost::program_options::options_description& options);
ServingConfig serving_config_from(const boost::program_options::variables_map& values);

}  // namespace servesim::sim
