// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace servesim::calib {

/// `servesim validate`: predicts a scenario with the simulator and compares the prediction with a
/// measured run, a live testbed run (--live) or a stored one (--measured RUN_ID).
int validate_command(const std::vector<std::string>& args);

}  // namespace servesim::calib
