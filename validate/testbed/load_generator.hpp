// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "validate/testbed/loadgen_log.hpp"
#include <cstdint>
#include <string>
#include <vector>

namespace servesim::validate {

/// What the load generator sends. Exactly one of rate_per_s (open loop) and concurrency
/// (closed loop) is positive.
struct LoadgenOptions {
  int port = 0;                  // the testbed server on 127.0.0.1
  double rate_per_s = 0;         // open loop: Poisson arrivals, sent on schedule
  int concurrency = 0;           // closed loop: clients, each sends when its reply arrives
  std::string images = "small";  // an image mix, as the simulator's --image
  double duration_s = 10;        // sending stops after this; replies are awaited
  std::uint64_t seed = 1;
  int images_per_class = 2;     // distinct pre-generated JPEGs per class
  double drain_timeout_s = 60;  // longest wait for any reply
};

/// The Poisson schedule of an open-loop run, the same draws as the simulator's (streams
/// "arrivals" and "images" of the run seed): send times in ns from the start (< duration) and
/// the class index in the mix of each request.
struct ScheduledRequest {
  std::int64_t planned_ns = 0;
  int class_index = 0;
};
std::vector<ScheduledRequest> poisson_schedule(double rate_per_s, const std::string& images,
                                               double duration_s, std::uint64_t seed);

/// Connects, pre-generates the JPEGs (before the run start, so their cost is not measured), runs
/// the load and returns what it saw. Throws std::runtime_error on a connection error or when a
/// reply does not come within drain_timeout_s.
LoadgenLog run_load_generator(const LoadgenOptions& options);

/// The hidden `servesim testbed loadgen-child` entry: options as --port --rate --concurrency
/// --image --duration-s --seed --out FILE; writes the log to FILE.
int loadgen_child_main(const std::vector<std::string>& args);

}  // namespace servesim::validate
