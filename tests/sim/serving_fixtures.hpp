// SPDX-License-Identifier: Apache-2.0
// Shared by the serving-model tests: the hand-made cost table and small topologies.
#pragma once

#include "sim/costs/cost_model.hpp"
#include "sim/serving/serving_config.hpp"
#include "sim/topology/topology_parser.hpp"

#include <fstream>
#include <sstream>
#include <string>

namespace servesim::test {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// tests/sim/data/tiny_costs.sql, with `extra_sql` run after it (rows added to its tables).
inline sim::CostModel tiny_costs(const std::string& extra_sql = "") {
  sim::CostModel costs;
  costs.add_sql_text(
      "tiny_costs.sql",
      read_text(std::string(SERVESIM_SOURCE_DIR) + "/tests/sim/data/tiny_costs.sql") + extra_sql);
  return costs;
}

/// A size-free row of tiny_costs.sql's testcpu table for `op` that always takes `ns`.
inline std::string fixed_testcpu_row(const std::string& op, int ns) {
  const std::string v = std::to_string(ns);
  return "INSERT INTO cost_points (table_id, op, batch, input_pixels, input_bytes, "
         "output_bytes, mean_ns, min_ns, p50_ns, p90_ns, p99_ns, max_ns, samples, source) "
         "VALUES (1, '" +
         op + "', 1, 0, 0, 0, " + v + ", " + v + ", " + v + ", " + v + ", " + v + ", " + v +
         ", 1, 'handmade');\n";
}

/// Two cores behind a network, one cpu stage (decode, from tiny_costs.sql's testcpu).
inline const char* const kDecodeOnlyServer = R"(digraph d {
  nic [kind=nic, gbits_per_s=10, latency_us=50];
  cpu [kind=cpu, device=testcpu, cores=2];
  recv [kind=stage, op=net_recv, on=nic];
  decode [kind=stage, op=jpeg_decode, on=cpu];
  send [kind=stage, op=net_send, on=nic];
  recv -> decode -> send;
})";

/// The testbed's server in small: preprocessing, a batched inference (two instances) and
/// postprocessing on two cores (tiny_costs.sql's testcpu and tinynet).
inline const char* const kBatchedCpuServer = R"(digraph cpu {
  nic [kind=nic, gbits_per_s=10, latency_us=50];
  cpu [kind=cpu, device=testcpu, cores=2];
  recv [kind=stage, op=net_recv, on=nic];
  decode [kind=stage, op=jpeg_decode, on=cpu];
  resize [kind=stage, op=resize, on=cpu, out_px="224x224"];
  normalize [kind=stage, op=normalize, on=cpu];
  infer [kind=stage, op=infer, model=tinynet, on=cpu, max_batch=4, max_delay_us=2000, instances=2];
  post [kind=stage, op=postprocess, on=cpu];
  send [kind=stage, op=net_send, on=nic];
  recv -> decode -> resize -> normalize -> infer -> post -> send;
})";

inline sim::ServingConfig serving_config(const std::string& dot, double duration_s,
                                         std::uint64_t seed = 1) {
  sim::ServingConfig config;
  config.topology = sim::parse_topology(dot, "test.dot");
  config.duration_s = duration_s;
  config.seed = seed;
  return config;
}

}  // namespace servesim::test
