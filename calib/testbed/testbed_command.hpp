// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace servesim::calib {

/// `servesim testbed`: a live measured run of a topology on this machine (see testbed_run.hpp),
/// stored in the results database and printed like `servesim simulate`'s report. The hidden
/// first argument `loadgen-child` runs the load generator process instead.
int testbed_command(const std::vector<std::string>& args);

}  // namespace servesim::calib
