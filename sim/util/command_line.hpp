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

/// A number as a person writes it, for --help defaults: 0.8, not 0.80000000000000004 (what
/// Boost prints for a double default through lexical_cast).
std::string decimal_text(double value);

/// A double option's default, printed as decimal_text() writes it.
boost::program_options::typed_value<double>* decimal_value(double* target, double value);
boost::program_options::typed_value<double>* decimal_value(double value);

/// What --image takes, with the named classes' sizes: "small (500x375 px, 110 kB JPEG) | ...".
std::string image_option_help();

}  // namespace servesim::sim
