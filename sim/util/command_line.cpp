// SPDX-License-Identifier: Apache-2.0
#include "sim/util/command_line.hpp"

#include "sim/util/usage_error.hpp"
#include "sim/workload/image_class.hpp"

#include <charconv>
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

std::string decimal_text(double value) {
  char text[32];
  // Shortest text that reads back as the same double.
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::string(text, end);
}

po::typed_value<double>* decimal_value(double* target, double value) {
  return po::value<double>(target)->default_value(value, decimal_text(value));
}

po::typed_value<double>* decimal_value(double value) { return decimal_value(nullptr, value); }

std::string image_option_help() {
  std::string text;
  for (const ImageClass& c : default_image_classes()) {
    text += c.name + " (" + std::to_string(c.width_px) + "x" + std::to_string(c.height_px) +
            " px, " + decimal_text(static_cast<double>(c.jpeg_bytes) / 1000) + " kB JPEG) | ";
  }
  return text + "a mix like small:0.7,large:0.3";
}

}  // namespace servesim::sim
