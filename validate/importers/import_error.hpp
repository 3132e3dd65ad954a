// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace servesim::validate {

/// A measured file that cannot be imported. what() is one line that names the file, the line (and
/// column for JSON) and what is wrong: "perf.csv:3: column 'Client Send' holds 'x', not a number".
class ImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Throws ImportError for a whole file (line 0) or one line of it (1-based).
[[noreturn]] inline void fail_import(const std::string& path, int line, const std::string& what) {
  throw ImportError(line > 0 ? path + ":" + std::to_string(line) + ": " + what
                             : path + ": " + what);
}

}  // namespace servesim::validate
