// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/program_options.hpp>

namespace servesim::sim {

struct ServingConfig;

/// The serving-scenario options: simulate's, and every experiment file's keys (run, validate and
/// testbed take the same ones).
void add_serving_options(boost::program_options::options_description& options);

/// The scenario those options describe, its topology read and checked. Bad values throw
/// UsageError naming the option.
ServingConfig serving_config_from(const boost::program_options::variables_map& values);

}  // namespace servesim::sim
