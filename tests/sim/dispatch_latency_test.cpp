// SPDX-License-Identifier: Apache-2.0
// A cpu pool's "dispatch" cost: the wake-up of a worker that was idle when a call was handed to
// it, paid by calls that find a unit idle and by nobody else. And its "batch_timer" cost: how late
// a timed batch starts after its max_delay deadline, the batcher's and the worker's wake-ups in
// one.
#include "sim/serving/serving_simulation.hpp"
#include "tests/sim/serving_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace servesim::sim;

namespace {

/// The tiny table, with a fixed 100 us wake-up on testcpu when `with_dispatch` and a timed batch
/// 300 us late when `with_batch_timer`.
CostModel costs(bool with_dispatch, bool with_batch_timer = false) {
  using servesim::test::fixed_testcpu_row;
  return servesim::test::tiny_costs(
      (with_dispatch ? fixed_testcpu_row("dispatch", 100'000) : "") +
      (with_batch_timer ? fixed_testcpu_row("batch_timer", 300'000) : ""));
}

ServingResult run(int concurrency, bool with_dispatch, bool with_batch_timer = false) {
  ServingConfig config = servesim::test::serving_config(servesim::test::kBatchedCpuServer, 4.0, 3);
  config.concurrency = concurrency;
  return run_serving(config, costs(with_dispatch, with_batch_timer));
}

double queueing_ms(const ServingResult& r) {
  return r.breakdown_ms[static_cast<std::size_t>(Category::kQueueing)];
}

}  // namespace

TEST_CASE("a lone request pays one wake-up per hand-over to the cpu pool", "[unit]") {
  const ServingResult without = run(1, false);
  const ServingResult with = run(1, true);
  // Decode (from the network), the batch and postprocessing (after the batch) each find an idle
  // worker, and the batcher's thread wakes after its 2 ms timer; resize and normalize run on
  // after decode without one.
  CHECK(queueing_ms(with) - queueing_ms(without) == Approx(0.4).margin(1e-6));
  // The window holds fewer, longer requests; decode's spread makes their mean move a little.
  CHECK(with.mean_ms.value - without.mean_ms.value == Approx(0.4).margin(0.02));
}

TEST_CASE("a call that waits in the pool's queue pays no wake-up", "[unit]") {
  // Sixteen clients on two cores and one cpu stage: after the first calls, every call waits in
  // the queue and starts as a unit frees, taken by a worker that does not sleep.
  auto run_decode = [&](bool with_dispatch) {
    ServingConfig config =
        servesim::test::serving_config(servesim::test::kDecodeOnlyServer, 4.0, 3);
    config.concurrency = 16;
    return run_serving(config, costs(with_dispatch));
  };
  const ServingResult without = run_decode(false);
  const ServingResult with = run_decode(true);
  CHECK(with.throughput_rps == Approx(without.throughput_rps).epsilon(0.002));
  CHECK(queueing_ms(with) == Approx(queueing_ms(without)).epsilon(0.002));
}

TEST_CASE("a timed batch starts batch_timer after its deadline, in place of two wake-ups",
          "[unit]") {
  const ServingResult without = run(1, false);
  // The lone request's batch waits for its 2 ms timer, then 300 us more; no worker wake-up is
  // added on top, while decode and postprocessing still pay theirs.
  CHECK(queueing_ms(run(1, false, true)) - queueing_ms(without) == Approx(0.3).margin(1e-6));
  CHECK(queueing_ms(run(1, true, true)) - queueing_ms(without) == Approx(0.5).margin(1e-6));
}
