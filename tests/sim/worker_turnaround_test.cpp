// SPDX-License-Identifier: Apache-2.0
// A cpu pool's "turnaround" cost: after the last call of its run, a worker stays busy (handing
// the items on, writing the reply) before its unit can take the next call. The items move on at
// once, so it costs capacity, not the latency of the request that caused it.
#include "sim/serving/serving_simulation.hpp"
#include "tests/sim/serving_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace servesim::sim;

namespace {

constexpr int kTurnaroundNs = 500'000;

/// The tiny table, with a fixed 500 us turnaround on testcpu when `with_turnaround`.
CostModel costs(bool with_turnaround) {
  return servesim::test::tiny_costs(
      with_turnaround ? servesim::test::fixed_testcpu_row("turnaround", kTurnaroundNs) : "");
}

ServingResult run(const char* dot, int concurrency, bool with_turnaround) {
  ServingConfig config = servesim::test::serving_config(dot, 4.0, 3);
  config.concurrency = concurrency;
  return run_serving(config, costs(with_turnaround));
}

double preprocessing_ms(const ServingResult& r) {
  return r.breakdown_ms[static_cast<std::size_t>(Category::kPreprocessing)];
}

}  // namespace

TEST_CASE("a saturated pool loses each run's turnaround from its capacity", "[unit]") {
  // Sixteen clients on two cores, one decode per request: each unit is held for the decode and
  // then the turnaround, so throughput falls by decode / (decode + turnaround).
  const ServingResult without = run(servesim::test::kDecodeOnlyServer, 16, false);
  const ServingResult with = run(servesim::test::kDecodeOnlyServer, 16, true);
  const double decode_ms = preprocessing_ms(without);
  REQUIRE(decode_ms > 0);
  CHECK(with.throughput_rps / without.throughput_rps ==
        Approx(decode_ms / (decode_ms + kTurnaroundNs / 1e6)).epsilon(0.02));
  CHECK(preprocessing_ms(with) == Approx(decode_ms).epsilon(0.02));  // calls are not longer
}

TEST_CASE("a lone request does not wait for the turnaround its own calls leave", "[unit]") {
  // One client: decode's turnaround runs while the reply travels, and on two cores the next
  // request's decode finds the other unit free.
  const ServingResult without = run(servesim::test::kDecodeOnlyServer, 1, false);
  const ServingResult with = run(servesim::test::kDecodeOnlyServer, 1, true);
  CHECK(with.mean_ms.value == Approx(without.mean_ms.value).epsilon(1e-9));
  CHECK(with.throughput_rps == Approx(without.throughput_rps).epsilon(1e-9));
}
