// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace servesim::sim {

/// Parses a subcommand's arguments with Boost.Program_options and turns its exceptions into
/// UsageError lines that name the subcommand, the option and where to look.
/// Returns false if --help was asked for (and printed).
bool parse_command_line(
    const std::string& command, const std::vector<std::string>& args,
    const boost::program_options::options_description& options,
    boost::program_options::variables_map& values,
    const boost::program_options::positional_options_description* positional = nullptr);

}  // namespace servesim::sim
