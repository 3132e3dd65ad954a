// SPDX-License-Identifier: Apache-2.0
#include "sim/experiment/serving_options.hpp"

#include "sim/serving/serving_config.hpp"
#include "sim/topology/topology_parser.hpp"
#include "sim/util/command_line.hpp"
#include "sim/util/usage_error.hpp"
#include "sim/workload/image_class.hpp"

namespace servesim::sim {
namespace po = boost::program_options;

ServingConfig serving_config_from(const po::variables_map& values) {
  ServingConfig config;
  try {
    for (const std::string& text : values["set"].as<std::vector<std::string>>()) {
      config.overrides.push_back(AttributeOverride::parse(text));
    }
    config.images = ImageMix::parse(values["image"].as<std::string>());
    config.arrival = values["arrival"].as<std::string>();
    config.rate_per_s = values["rate"].as<double>();
    config.load = values["load"].as<double>();
    config.on_s = values["on-s"].as<double>();
    config.off_s = values["off-s"].as<double>();
    config.trace_path = values["trace"].as<std::string>();
    config.speedup = values["speedup"].as<double>();
    config.concurrency = values["concurrency"].as<int>();
    config.think_ms = values["think-ms"].as<double>();
    config.duration_s = values["duration-s"].as<double>();
    config.warmup_s = values["warmup-s"].as<double>();
    config.seed = values["seed"].as<std::uint64_t>();
    // Read signed: an unsigned option would take -1 as 4294967295 without a word.
    const int replication = values["replication"].as<int>();
    if (replication < 0) {
      throw std::invalid_argument("--replication must be 0 (the seed's own draws) or more, got " +
                                  std::to_string(replication));
    }
    config.replication = static_cast<std::uint32_t>(replication);
    config.record_requests = values["record-requests"].as<std::size_t>();
    if (const auto& path = values["cpu-speed-trace"].as<std::string>(); !path.empty()) {
      config.cpu_speed = SpeedTrace::read_csv(path);
    }
    config.validate();
  } catch (const std::invalid_argument& e) {
    // No command in the message: run, validate and testbed read these options too, and main
    // names the command.
    throw UsageError(e.what());
  } catch (const TopologyError& e) {
    throw UsageError(e.what());
  }
  try {
    config.topology = read_topology(values["topology"].as<std::string>(), config.overrides);
  } catch (const TopologyError& e) {
    throw UsageError(e.what());
  }
  return config;
}

void add_serving_options(po::options_description& options) {
  using Strings = std::vector<std::string>;
  // clang-format off
  options.add_options()
      ("topology", po::value<std::string>(), "server design, a DOT file (topologies/*.dot)")
      ("set", po::value<Strings>()->default_value({}, "")->composing(),
       "override a topology attribute: node.attr=value (repeatable)")
      ("rate", decimal_value(0), "open loop: arrivals per second")
      ("load", decimal_value(0),
       "open loop: arrival rate as a fraction of the static bound (instead of --rate)")
      ("arrival", po::value<std::string>()->default_value("poisson"),
       "open loop: poisson | constant | onoff | trace")
      ("on-s", decimal_value(1), "onoff: mean on period, s")
      ("off-s", decimal_value(1), "onoff: mean off period, s")
      ("trace", po::value<std::string>()->default_value(""),
       "trace: CSV timestamp_s,width,height,bytes")
      ("speedup", decimal_value(1), "trace: replay this many times faster")
      ("concurrency", po::value<int>()->default_value(0), "closed loop: concurrent clients")
      ("think-ms", decimal_value(0), "closed loop: mean think time, ms")
      ("image", po::value<std::string>()->default_value("small"), image_option_help().c_str())
      ("duration-s", decimal_value(10), "simulated seconds of arrivals")
      ("warmup-s", po::value<double>()->default_value(-1, "a tenth of --duration-s"),
       "excluded start, s")
      ("costs", po::value<Strings>()->default_value({}, "")->composing(),
       "cost database(s) layered over the shipped defaults (repeatable)")
      ("cpu-speed-trace", po::value<std::string>()->default_value(""),
       "CSV time_s,factor: the cpu pools' calls take this factor times their cost-table time "
       "from each time on (a VM's measured speed drift)")
      ("replication", po::value<int>()->default_value(0),
       "draw the service times and wake-ups from replication K's streams of the seed; the "
       "workload (arrivals, images, fan-out counts, think times) stays the seed's")
      ("record-requests", po::value<std::size_t>()->default_value(0),
       "store per-request and per-stage records of the first N measured requests");
  // clang-format on
}

}  // namespace servesim::sim
