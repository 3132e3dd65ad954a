// SPDX-License-Identifier: Apache-2.0
#include "sim/queueing/queue_formulas.hpp"
#include "sim/serving/batcher.hpp"
#include "sim/serving/serving_simulation.hpp"
#include "sim/workload/arrival_process.hpp"
#include "tests/sim/serving_fixtures.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
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
  resize [kind=stage, op=resize, on=cpu, out_px="224x224"];
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
  spec.preferred_batch = {2, 4};
  spec.max_delay_ns = 1000;
  const Batcher batcher(engine, spec, gpu, [](const std::vector<Request*>&) { return 1; });
  CHECK(batcher.choose_batch_size(0, 5000) == 0);
  CHECK(batcher.choose_batch_size(1, 10) == 0);    // waits for the delay
  CHECK(batcher.choose_batch_size(1, 1000) == 1);  // delay expired: sends what it has
  CHECK(batcher.choose_batch_size(3, 10) == 2);    // largest preferred that fits
  CHECK(batcher.choose_batch_size(7, 10) == 4);
  CHECK(batcher.choose_batch_size(9, 10) == 8);  // max batch beats preferred
  spec.preferred_batch.clear();
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
  check(run(", preferred_batch=2"), {{0.3, 1.8, 2},
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

TEST_CASE("a replication keeps the seed's workload and draws other service times", "[unit]") {
  ServingConfig config = serving_config(kTinyServer, 2.0, 4);
  config.rate_per_s = 500;
  config.record_requests = 100000;
  const CostModel costs = tiny_costs();
  const ServingResult first = run_serving(config, costs);
  config.replication = 1;
  const ServingResult second = run_serving(config, costs);
  auto sent_times = [](const ServingResult& r) {
    std::vector<std::int64_t> sent_ns;
    for (const auto& request : r.requests) sent_ns.push_back(request.sent_ns);
    std::sort(sent_ns.begin(), sent_ns.end());
    return sent_ns;
  };
  // Same arrivals, request for request; the service times, hence the latencies, differ.
  REQUIRE(first.requests.size() > 500);
  CHECK(sent_times(first) == sent_times(second));
  CHECK(first.mean_ms.value != second.mean_ms.value);
  // Replication 0 is the run every earlier version drew; a replication is in the provenance.
  config.replication = 0;
  CHECK(run_serving(config, costs).mean_ms.value == first.mean_ms.value);
  CHECK(config.to_json().find("replication") == std::string::npos);
  config.replication = 1;
  CHECK(config.to_json().find("\"replication\":1") != std::string::npos);
}

TEST_CASE("an idle interval costs idle power times time", "[unit]") {
  // One request at t = 0, long finished when the 2 s window opens at 0.5 s.
  const std::string trace = servesim::test::scratch_dir("idle-energy") + "/trace.csv";
  std::ofstream(trace) << "timestamp_s,width,height,bytes\n0.0,500,375,110000\n";
  ServingConfig config = serving_config(kTinyServer, 2.5, 1);
  config.arrival = "trace";
  config.trace_path = trace;
  config.warmup_s = 0.5;
  const ServingResult r = run_serving(config, tiny_costs());
  // testcpu idles at 20 W, testgpu at 50 W (tiny_costs.sql).
  CHECK(r.energy_j == Approx((20.0 + 50.0) * 2.0));
  CHECK(r.completed_in_window == 0);
}

TEST_CASE("a run's energy is the sum over its resources", "[unit]") {
  ServingConfig config = serving_config(kTinyServer, 3.0, 2);
  config.rate_per_s = 800;
  const ServingResult r = run_serving(config, tiny_costs());
  std::map<std::string, double> utilization(r.utilization.begin(), r.utilization.end());
  std::map<std::string, double> power(r.power_w.begin(), r.power_w.end());
  REQUIRE(power.size() == 2);  // the CPU package and the GPU board; links and NIC unknown
  CHECK(power["cpu"] == Approx(20 + 100 * utilization["cpu"]));
  CHECK(power["gpu"] == Approx(50 + 250 * utilization["gpu"]));
  CHECK(r.energy_j == Approx((power["cpu"] + power["gpu"]) * r.window_s));
  CHECK(r.energy_j_per_request == Approx(r.energy_j / static_cast<double>(r.completed_in_window)));
}

TEST_CASE("on-off arrivals keep their long-run rate and come in bursts", "[unit]") {
  const auto arrivals = make_on_off_arrivals(1000.0, 0.1, 0.3);
  CHECK(arrivals->mean_rate_per_s() == Approx(250.0));
  RngStream rng(3, "onoff");
  Arrival a;
  double total_s = 0;
  int long_gaps = 0;
  const int count = 1000000;  // ~10^4 on-off cycles: the rate is known to about 1.2%
  for (int i = 0; i < count; ++i) {
    arrivals->next(rng, a);
    total_s += to_s(a.gap_ns);
    long_gaps += a.gap_ns > 50 * kMillisecond;  // rare for Poisson at 1000/s, common after "off"
  }
  CHECK(count / total_s == Approx(250.0).epsilon(0.05));
  CHECK(long_gaps > count / 200);
}

TEST_CASE("a per-server cap holds the excess at the load balancer", "[unit]") {
  CostModel costs;
  costs.add_parametric("theory", "infer", "fixed", Distribution::deterministic(1e6));  // 1 ms
  const std::string dot =
      "digraph c { servers [kind=servers, count=2, max_inflight=1]; pool [kind=cpu, "
      "device=theory, cores=4]; work [kind=stage, op=infer, model=fixed, on=pool]; }";
  ServingConfig config = serving_config(dot, 2.0, 1);
  config.rate_per_s = 4000;  // twice what two servers of one request each can serve
  const ServingResult capped = run_serving(config, costs);
  CHECK(capped.throughput_rps <= 2000 * 1.001 + 2 / capped.window_s);
  CHECK(capped.throughput_rps >= 1900);
  CHECK(breakdown(capped, Category::kQueueing) > 100);  // the backlog waits at the balancer
  config.topology = servesim::sim::parse_topology(
      "digraph c { servers [kind=servers, count=2]; pool [kind=cpu, device=theory, cores=4]; "
      "work [kind=stage, op=infer, model=fixed, on=pool]; }",
      "uncapped.dot");
  const ServingResult uncapped = run_serving(config, costs);
  CHECK(uncapped.throughput_rps == Approx(4000).epsilon(0.03));
}

TEST_CASE("routing by least outstanding beats round robin on unequal work", "[unit]") {
  // Two GPUs; every tenth image is large and takes 20x longer to decode on the GPU.
  const std::string dot =
      "digraph r { gpu [kind=gpu, device=testgpu, count=2, route=ROUTE]; "
      "decode [kind=stage, op=jpeg_decode, on=gpu]; }";
  auto p99 = [&](const std::string& route) {
    std::string text = dot;
    text.replace(text.find("ROUTE"), 5, route);
    ServingConfig config = serving_config(text, 20.0, 9);
    config.images = ImageMix::parse("small:0.9,large:0.1");
    config.load = 0.8;
    return run_serving(config, tiny_costs()).p99_ms.value;
  };
  const double round_robin = p99("round_robin");
  const double least = p99("least_outstanding");
  const double shortest = p99("jsq");
  INFO("p99 rr " << round_robin << " lo " << least << " jsq " << shortest);
  CHECK(least < round_robin);
  CHECK(shortest < round_robin);
}
