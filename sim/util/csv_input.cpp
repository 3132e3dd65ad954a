// SPDX-License-Identifier: Apache-2.0
#include "sim/util/csv_input.hpp"

#include <stdexcept>

namespace servesim::sim {

std::ifstream open_csv_input(const std::string& path, const std::string& header,
                             const std::string& what) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument(path + ": cannot read " + what + " (check the path)");
  std::string line;
  if (!std::getline(in, line) || line.rfind(header, 0) != 0) {
    throw std::invalid_argument(path + ":1: expected the header '" + header + "'");
  }
  return in;
}

}  // namespace servesim::sim
