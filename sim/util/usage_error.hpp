// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>

namespace servesim::sim {

/// A mistake in the command line or an input file: printed as one line, exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace servesim::sim
