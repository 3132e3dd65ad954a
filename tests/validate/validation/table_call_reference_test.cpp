// SPDX-License-Identifier: Apache-2.0
// A run's calls against a cost table: each call's reference is the mean the simulator samples
// for it (the pool's device, or its corun_device when another call was running).
#include "validate/validation/table_call_reference.hpp"

#include "sim/topology/topology_parser.hpp"
#include "sim/workload/image_class.hpp"

#include <catch2/catch.hpp>

using namespace servesim;

namespace {

const char* const kTwoCoreDecode = R"(digraph d {
  nic [kind=nic, gbits_per_s=10, latency_us=50];
  cpu [kind=cpu, device=alone, corun_device=beside, cores=2];
  recv [kind=stage, op=net_recv, on=nic];
  decode [kind=stage, op=jpeg_decode, on=cpu];
  send [kind=stage, op=net_send, on=nic];
  recv -> decode -> send;
})";

}  // namespace

TEST_CASE("a call's reference is the table's mean for its query, co-run or alone", "[unit]") {
  const sim::Topology topology = sim::parse_topology(kTwoCoreDecode, "two_core.dot");
  sim::CostModel costs;
  costs.add_parametric("alone", "jpeg_decode", "", sim::Distribution::exponential(2e6));
  costs.add_parametric("beside", "jpeg_decode", "", sim::Distribution::exponential(3e6));
  const validate::CallReference reference =
      validate::table_call_reference(topology, sim::image_class("small"), costs);

  validate::CpuStageCall alone;
  alone.stage = 1;  // decode
  validate::CpuStageCall beside = alone;
  beside.corun = true;
  CHECK(reference(alone) == Approx(2e6));
  CHECK(reference(beside) == Approx(3e6));

  // A run whose calls took 1.5x the table for 2 s, then the table's time: its speed against it.
  std::vector<validate::CpuStageCall> calls;
  for (std::int64_t t = 0; t < 4'000'000'000; t += 10'000'000) {
    validate::CpuStageCall call = (t / 10'000'000) % 2 ? beside : alone;
    call.start_ns = t;
    const double slow = t < 2'000'000'000 ? 1.5 : 1.0;
    call.duration_ns = static_cast<std::int64_t>(slow * (call.corun ? 3e6 : 2e6));
    calls.push_back(call);
  }
  const sim::SpeedTrace trace = validate::cpu_speed_trace(calls, 4'000'000'000, reference);
  REQUIRE(trace.factors.size() == 4);
  CHECK(trace.factors[0] == Approx(1.5));
  CHECK(trace.factors[3] == Approx(1.0));
  CHECK(validate::mean_factor(trace, 4'000'000'000) == Approx(1.25));
}
