// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace servesim::validate {

/// The serving options (`--topology ... --rate ... --seed ...`) that reproduce a stored run's
/// scenario, from its config_json (the keys ServingConfig::to_json writes). Throws
/// std::invalid_argument naming the key that is missing or malformed.
std::vector<std::string> scenario_args_from_config_json(const std::string& config_json);

/// The stored run's options followed by the command line's, minus each stored option the
/// command line gives again (`--seed 2` replaces the stored seed; `--set` adds to the stored
/// ones, as it composes).
std::vector<std::string> override_scenario_args(const std::vector<std::string>& stored,
                                                const std::vector<std::string>& given);

}  // namespace servesim::validate
