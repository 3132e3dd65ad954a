// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fstream>
#include <string>

namespace servesim::sim {

/// Opens a CSV input and reads its first line, which must start with `header`. Throws
/// std::invalid_argument naming the file (and line 1) and what to fix; `what` says what the
/// file is for ("the trace file").
std::ifstream open_csv_input(const std::string& path, const std::string& header,
                             const std::string& what);

}  // namespace servesim::sim
