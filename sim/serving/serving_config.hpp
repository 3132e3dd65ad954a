// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/serving/speed_trace.hpp"
#include "sim/topology/topology.hpp"
#include "sim/topology/topology_parser.hpp"
#include "sim/workload/image_class.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace servesim::sim {

/// One serving scenario: a topology, a workload, a window and a seed.
struct ServingConfig {
  Topology topology;
  std::vector<AttributeOverride> overrides;  // recorded for provenance; already applied
  ImageMix images = ImageMix::parse("small");

  // Open loop (rate_per_s > 0) or closed loop (concurrency > 0), never both.
  std::string arrival = "poisson";  // poisson | constant | onoff | trace
  double rate_per_s = 0;
  double load = 0;    // alternative to rate: this fraction of the static bound
  double on_s = 1.0;  // onoff: mean on and off periods
  double off_s = 1.0;
  std::string trace_path;  // trace: CSV timestamp_s,width,height,bytes
  double speedup = 1.0;
  int concurrency = 0;  // closed loop: clients, each with one request outstanding
  double think_ms = 0;  // closed loop: mean exponential think time (0 = none)

  double duration_s = 10;
  double warmup_s = -1;  // < 0: a tenth of duration_s
  std::uint64_t seed = 1;
  /// Independent replications of the model over one workload: the arrivals, images, fan-out
  /// counts and think times are the seed's whatever this is; the service times and wake-ups are
  /// drawn from other streams for each value (0: the streams every run used before).
  std::uint32_t replication = 0;
  std::size_t record_requests = 0;  // per-request records kept for the results store
  /// The cpu pools' speed over time (empty: the cost tables' speed throughout).
  SpeedTrace cpu_speed;

  /// Throws std::invalid_argument naming the option to fix.
  void validate() const;
  double effective_warmup_s() const { return warmup_s >= 0 ? warmup_s : duration_s / 10; }
  std::string to_json() const;
};

}  // namespace servesim::sim
