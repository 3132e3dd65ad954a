// SPDX-License-Identifier: Apache-2.0
#include "sim/queueing/queue_formulas.hpp"
#include "sim/serving/batcher.hpp"
#include "sim/serving/serving_simulation.hpp"
#include "tests/sim/serving_fixtures.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

using namespace servesim::sim;
using servesim::test::serving_config;
using servesim::test::tiny_costs;

namespace {
const char* const kOneStage = R"(digraph one {
  pool [kind=cpu, device=theory, cores=4];
  work [kind=stage, op=infer, model=expo, on=pool];
})";

const char* const kTinyServer = R"(digraph tiny {
  nic [kind=nic, gbits_per_s=10, latency_us=50];
  cpu [kind=cpu, device=testcpu, cores=8];
  gpu [kind=gpu, device=testgpu, count=1];
  pcie [kind=link, per=gpu, gbytes_per_s=25, latency_us=10];
  recv [kind=stage, op=net_recv, on=nic];
  decode [kind=stage, op=jpeg_decode, on=cpu];
  resize [kind=stage, op=resize, on=cpu, out="224x224"];
  normalize [kind=stage, op=normalize, on=cpu, bytes_per_value=2];
  h2d [kind=stage, op=h2d, on=pcie];
  infer [kind=stage, op=infer, model=tinynet, on=gpu, max_batch=32, max_delay_us=500, instances=2];
  d2h [kind=stage, op=d2h, on=pcie];
  post [kind=stage, op=postprocess, on=cpu];
  send [kind=stage, op=net_send, on=nic];
  recv -> decode -> resize -> normalize -> h2d -> infer -> d2h -> post -> send;
})";

double breakdown(const ServingResult& r, Category c) {
  return r.breakdown_ms[static_cast<std::size_t>(c)];
}
}  // namespace

TEST_CASE("a one-stage topology with exponential service reproduces M/M/c", "[slow]") {
  CostModel costs;
  costs.add_parametric("theory", "infer", "expo", Distribution::exponential(1e6));  // 1 ms
  ServingConfig config = serving_config(kOneStage, 500.0, 21);
  config.rate_per_s = 0.8 * 4 / 1e-3;  // rho 0.8 on 4 servers
  const ServingResult r = run_serving(config, costs);
  const double wait_ms = mmc_mean_wait(4, 0.8, 1.0);
  INFO("simulated wait " << breakdown(r, Category::kQueueing) << " ms, Erlang C " << wait_ms);
  CHECK(breakdown(r, Category::kQueueing) == Approx(wait_ms).epsilon(0.03));
  CHECK(std::abs(r.mean_ms.value - (wait_ms + 1.0)) <= r.mean_ms.ci95_halfwidth);
  CHECK(r.utilization.front().second == Approx(0.8).epsilon(0.01));
  CHECK(r.throughput_rps == Approx(3200).epsilon(0.01));
}

TEST_CASE("Triton batching rules pick the batch size", "[unit]") {
  Engine engine;
  Resource gpu(engine, "gpu", 1);
  BatchingSpec spec;
  spec.max_batch = 8;
  spec.preferred = {2, 4};
  spec.max_delay_ns = 1000;
  const Batcher batcher(engine, spec, gpu, [](const std::vector<Request*>&) { return 1; });
  CHECK(batcher.choose_batch_size(0, 5000) == 0);
  CHECK(batcher.choose_batch_size(1, 10) == 0);    // waits for the delay
  CHECK(batcher.choose_batch_size(1, 1000) == 1);  // delay expired: sends what it has
  CHECK(batcher.choose_batch_size(3, 10) == 2);    // largest preferred that fits
  CHECK(batcher.choose_batch_size(7, 10) == 4);
  CHECK(batcher.choose_batch_size(9, 10) == 8);  // max batch beats preferred
  spec.preferred.clear();
  spec.max_delay_ns = 0;
  const Batcher eager(engine, spec, gpu, [](const std::vector<Request*>&) { return 1; });
  CHECK(eager.choose_batch_size(3, 0) == 3);  // no delay: largest batch available
}

TEST_CASE("a batching server follows a hand-computed schedule exactly", "[unit]") {
  // One GPU stage, one instance, cost(b) = 1 ms + 0.25 ms * b (tiny table, interpolated).
  const std::string dir = servesim::test::scratch_dir("batch-schedule");
  const std::string trace = dir + "/trace.csv";
  std::ofstream(trace) << "timestamp_s,width,height,bytes\n"
                       << "0.0,500,375,110000\n0.0003,500,375,110000\n0.0005,500,375,110000\n"
                       << "0.0006,500,375,110000\n0.0007,500,375,110000\n0.005,500,375,110000\n"
                       << "0.010,500,375,110000\n0.0102,500,375,110000\n0.0104,500,375,110000\n"
                       << "0.0106,500,375,110000\n0.0108,500,375,110000\n";
  struct Expected {
    double start_ms;
    double end_ms;
    int batch;
  };
  auto run = [&](const std::string& batching) {
    ServingConfig config = serving_config(
        "digraph b { gpu [kind=gpu, device=testgpu]; infer [kind=stage, op=infer, model=tinynet, "
        "on=gpu, max_batch=4, max_delay_us=1000, instances=1" +
            batching + "]; }",
        0.02);
    config.arrival = "trace";
    config.trace_path = trace;
    config.warmup_s = 0;
    config.record_requests = 100;
    return run_serving(config, tiny_costs());
  };
  auto check = [](const ServingResult& r, const std::vector<Expected>& expected) {
    REQUIRE(r.request_stages.size() == expected.size());
    std::map<std::int64_t, RequestStageRecord> by_id;
    for (const RequestStageRecord& s : r.request_stages) by_id[s.request_id] = s;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      INFO("request " << i);
      const RequestStageRecord& s = by_id.at(static_cast<std::int64_t>(i));
      CHECK(s.start_ns == duration_from_ms(expected[i].start_ms));
      CHECK(s.end_ns == duration_from_ms(expected[i].end_ms));
      CHECK(s.batch_size == expected[i].batch);
    }
  };
  // Preferred size 2: pairs leave as soon as they form; a lone request waits out the 1 ms delay.
  check(run(", preferred=2"), {{0.3, 1.8, 2},
                               {0.3, 1.8, 2},
                               {1.8, 3.3, 2},
                               {1.8, 3.3, 2},
                               {3.3, 4.55, 1},
                               {6.0, 7.25, 1},
                               {10.2, 11.7, 2},
                               {10.2, 11.7, 2},
                               {11.7, 13.2, 2},
                               {11.7, 13.2, 2},
                               {13.2, 14.45, 1}});
  // No preferred sizes: a full batch of 4 leaves at once, otherwise after the delay.
  check(run(""), {{0.6, 2.6, 4},
                  {0.6, 2.6, 4},
                  {0.6, 2.6, 4},
                  {0.6, 2.6, 4},
                  {2.6, 3.85, 1},
                  {6.0, 7.25, 1},
                  {10.6, 12.6, 4},
                  {10.6, 12.6, 4},
                  {10.6, 12.6, 4},
                  {10.6, 12.6, 4},
                  {12.6, 13.85, 1}});
}

TEST_CASE("a closed loop obeys the response-time law X = N / (Z + R)", "[slow]") {
  CostModel costs;
  costs.add_parametric("theory", "infer", "expo", Distribution::lognormal(2e6, 0.5));
  ServingConfig config = serving_config(
      "digraph c { pool [kind=cpu, device=theory, cores=2]; work [kind=stage, op=infer, "
      "model=expo, on=pool]; }",
      200.0, 5);
  config.concurrency = 8;
  config.think_ms = 5;
  const ServingResult r = run_serving(config, costs);
  const double predicted = 8 / ((5 + r.mean_ms.value) * 1e-3);
  INFO("X " << r.throughput_rps << " N/(Z+R) " << predicted << " R " << r.mean_ms.value);
  CHECK(r.throughput_rps == Approx(predicted).epsilon(0.02));
  CHECK(r.throughput_rps <= r.bound_rps);
}

TEST_CASE("simulated throughput never beats the static bound and reaches it", "[unit]") {
  ServingConfig config = serving_config(kTinyServer, 4.0, 3);
  config.rate_per_s = 1.0;
  const CostModel costs = tiny_costs();
  const double bound = run_serving(config, costs).bound_rps;
  // The GPU bounds it: 9 ms per batch of 32 at best.
  CHECK(bound == Approx(32 / 9e-3).epsilon(1e-9));
  // Open-loop overload: far beyond the bound, throughput stays under it.
  config.rate_per_s = 3 * bound;
  const ServingResult overload = run_serving(config, costs);
  CHECK(overload.bottleneck == "gpu");
  CHECK(overload.throughput_rps <= bound * 1.001);
  // A closed loop with many clients is in steady state at saturation and reaches it.
  config.rate_per_s = 0;
  config.concurrency = 512;
  const ServingResult saturated = run_serving(config, costs);
  INFO("saturated throughput " << saturated.throughput_rps << " bound " << bound);
  // Over a finite window, at most the requests already inside at its start finish "for free".
  CHECK(saturated.throughput_rps <= bound + 512 / saturated.window_s);
  CHECK(saturated.throughput_rps >= bound * 0.95);
}

TEST_CASE("the breakdown adds up to the end-to-end latency", "[unit]") {
  ServingConfig config = serving_config(kTinyServer, 5.0, 8);
  config.rate_per_s = 400;
  config.images = ImageMix::parse("small:0.5,medium:0.5");
  const ServingResult r = run_serving(config, tiny_costs());
  double total = 0;
  for (double ms : r.breakdown_ms) total += ms;
  CHECK(total == Approx(r.mean_ms.value).epsilon(1e-9));
  CHECK(breakdown(r, Category::kPreprocessing) > 0);
  CHECK(breakdown(r, Category::kNetwork) > 0.1);  // 2 x 50 us latency plus wire time
  CHECK(r.throughput_rps == Approx(400).epsilon(0.05));
}

TEST_CASE("the same seed gives identical results, another seed does not", "[unit]") {
  ServingConfig config = serving_config(kTinyServer, 2.0, 4);
  config.rate_per_s = 500;
  const CostModel costs = tiny_costs();
  const ServingResult a = run_serving(config, costs);
  const ServingResult b = run_serving(config, costs);
  config.seed = 5;
  const ServingResult c = run_serving(config, costs);
  CHECK(a.p99_ms.value == b.p99_ms.value);
  CHECK(a.events == b.events);
  CHECK(a.p99_ms.value != c.p99_ms.value);
}
