// SPDX-License-Identifier: Apache-2.0
#include "sim/util/command_line.hpp"

#include "sim/util/usage_error.hpp"

#include <iostream>

namespace servesim::sim {
namespace po = boost::program_options;

bool parse_command_line(const std::string& command, const std::vector<std::string>& args,
                        const po::options_description& options, po::variables_map& values,
                        const po::positional_options_description* positional) {
  po::options_description all(options);
  all.add_options()("help,h", "show this help");
  try {
    po::command_line_parser parser(args);
    parser.options(all);
    if (positional != nullptr) parser.positional(*positional);
    po::store(parser.run(), values);
    if (values.count("help")) {
      std::cout << "Usage: servesim " << command << " [options]\n" << all << "\n";
      return false;
    }
    po::notify(values);
  } catch (const po::error& e) {
    throw UsageError("servesim " + command + ": " + e.what() + " (see 'servesim " + command +
                     " --help')");
  }
  return true;
}

}  // namespace servesim::sim
