// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/serving_config.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace servesim::sim {

void ServingConfig::validate() const {
  if (rate_per_s > 0 && load > 0) throw std::invalid_argument("give --rate or --load, not both");
  if (load < 0) throw std::invalid_argument("--load must be a positive fraction of capacity");
  const bool open = rate_per_s > 0 || load > 0 || arrival == "trace";
  if (open == (concurrency > 0)) {
    throw std::invalid_argument(
        "give exactly one load: --rate R or --load F (open loop), or --concurrency N (closed "
        "loop)");
  }
  if (rate_per_s < 0) throw std::invalid_argument("--rate must be positive");
  if (concurrency < 0) throw std::invalid_argument("--concurrency must be positive");
  if (arrival != "poisson" && arrival != "constant" && arrival != "onoff" && arrival != "trace") {
    throw std::invalid_argument("--arrival '" + arrival +
                                "' unknown; use poisson, constant, onoff or trace");
  }
  if (arrival == "trace" && trace_path.empty()) {
    throw std::invalid_argument("--arrival trace needs --trace FILE");
  }
  if (!(duration_s > 0)) throw std::invalid_argument("--duration-s must be positive");
  if (effective_warmup_s() >= duration_s) {
    throw std::invalid_argument("--warmup-s must be shorter than --duration-s");
  }
  if (think_ms < 0) throw std::invalid_argument("--think-ms must be >= 0");
  cpu_speed.validate();
}

std::string ServingConfig::to_json() const {
  nlohmann::ordered_json j;
  j["topology"] = topology.source_path;
  nlohmann::ordered_json sets = nlohmann::ordered_json::array();
  for (const AttributeOverride& o : overrides)
    sets.push_back(o.node + "." + o.attribute + "=" + o.value);
  j["set"] = sets;
  j["images"] = images.describe();
  if (concurrency > 0) {
    j["concurrency"] = concurrency;
    j["think_ms"] = think_ms;
  } else {
    j["arrival"] = arrival;
    if (load > 0) {
      j["load"] = load;
    } else {
      j["rate_per_s"] = rate_per_s;
    }
    if (arrival == "onoff") {
      j["on_s"] = on_s;
      j["off_s"] = off_s;
    }
    if (arrival == "trace") {
      j["trace"] = trace_path;
      j["speedup"] = speedup;
    }
  }
  j["duration_s"] = duration_s;
  j["warmup_s"] = effective_warmup_s();
  j["seed"] = seed;
  if (replication > 0) j["replication"] = replication;
  if (!cpu_speed.empty()) {
    j["cpu_speed"] = {{"window_s", static_cast<double>(cpu_speed.window_ns) / 1e9},
                      {"factors", cpu_speed.factors}};
  }
  return j.dump();
}

}  // namespace servesim::sim
