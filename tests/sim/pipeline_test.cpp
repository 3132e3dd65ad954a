// SPDX-License-Identifier: Apache-2.0
// Multi-DNN pipelines: fan-out and join, brokers between the DNNs, their bounds and delays.
#include "sim/serving/serving_simulation.hpp"
#include "sim/topology/topology_parser.hpp"
#include "sim/workload/item_count.hpp"

#include <catch2/catch.hpp>

#include "serving_fixtures.hpp"
#include <cmath>
#include <map>
#include <string>

using namespace servesim;
using sim::Distribution;

namespace {

// Two DNNs on their own single-core pools with a broker between them; costs are parametric so
// every rate is known by hand: DNN-1 1 ms per image, DNN-2 0.4 ms per item.
std::string two_dnn(const std::string& items, const std::string& broker_node,
                    const std::string& fanout_extra = "", bool with_broker = true) {
  return "digraph t {\n"
         "  dnn1_cpu [kind=cpu, device=dev1, cores=1];\n"
         "  dnn2_cpu [kind=cpu, device=dev2, cores=1];\n" +
         broker_node +
         "  detect [kind=stage, op=infer, model=m1, on=dnn1_cpu];\n"
         "  fan [kind=stage, op=fanout, items_per_request=\"" +
         items + "\"" + fanout_extra +
         "];\n"
         "  hop [kind=stage, op=broker_hop, on=broker];\n"
         "  identify [kind=stage, op=infer, model=m2, on=dnn2_cpu];\n"
         "  join [kind=stage, op=join];\n" +
         (with_broker ? "  detect -> fan -> hop -> identify -> join;\n}\n"
                      : "  detect -> fan -> identify -> join;\n}\n");
}

sim::CostModel parametric_costs() {
  sim::CostModel costs;
  costs.add_parametric("dev1", "infer", "m1", Distribution::deterministic(1e6));
  costs.add_parametric("dev2", "infer", "m2", Distribution::deterministic(0.4e6));
  return costs;
}

sim::ServingResult closed_loop(const std::string& dot, int clients, double duration_s = 4) {
  sim::ServingConfig config = test::serving_config(dot, duration_s, 7);
  config.concurrency = clients;
  return sim::run_serving(config, parametric_costs());
}

// A Redis-like broker whose thread serves each message for 2 x op_us (publish and deliver).
std::string redis(double op_us) {
  return "  broker [kind=broker, type=redis, op_us=" + std::to_string(op_us) +
         ", hop_latency_us=20];\n";
}

}  // namespace

TEST_CASE("item counts parse, sample with the right mean and reject bad text", "[unit]") {
  sim::RngStream rng(11, "items");
  auto mean_of = [&rng](const sim::ItemCount& c, int n) {
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += c.sample(rng);
    return sum / n;
  };
  CHECK(sim::ItemCount::parse("fixed:4").sample(rng) == 4);
  CHECK(sim::ItemCount::parse("fixed:4").mean() == 4);
  const auto poisson = sim::ItemCount::parse("poisson:2.5");
  CHECK(poisson.mean() == 2.5);
  // Poisson variance 2.5 over 200k draws: the mean's standard error is 0.0035.
  CHECK(mean_of(poisson, 200000) == Approx(2.5).margin(0.02));
  const auto empirical = sim::ItemCount::parse("empirical:0:0.2,1:0.5,3:0.3");
  CHECK(empirical.mean() == Approx(0.5 + 0.9));
  std::map<int, int> seen;
  for (int i = 0; i < 100000; ++i) ++seen[empirical.sample(rng)];
  CHECK(seen.size() == 3);
  CHECK(seen[0] / 1e5 == Approx(0.2).margin(0.01));
  CHECK(seen[3] / 1e5 == Approx(0.3).margin(0.01));
  CHECK_THROWS_WITH(sim::ItemCount::parse("poisson"), Catch::Contains("no kind"));
  CHECK_THROWS_WITH(sim::ItemCount::parse("fixed:2.5"), Catch::Contains("whole number"));
  CHECK_THROWS_WITH(sim::ItemCount::parse("uniform:3"), Catch::Contains("unknown kind 'uniform'"));
  CHECK_THROWS_WITH(sim::ItemCount::parse("empirical:1:-1"), Catch::Contains("negative"));
}

TEST_CASE("fan-out, join and broker nodes are checked when a topology is read", "[unit]") {
  const std::string ok = two_dnn("fixed:2", redis(10));
  REQUIRE_NOTHROW(sim::parse_topology(ok, "t.dot"));
  const sim::Topology t = sim::parse_topology(ok, "t.dot");
  CHECK(t.join_of(1) == 4);
  CHECK(t.resource("broker").broker.type == sim::BrokerType::kRedis);
  CHECK(t.resource("broker").broker.mode == "list");

  auto error_of = [](const std::string& dot) {
    try {
      sim::parse_topology(dot, "t.dot");
    } catch (const sim::TopologyError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string no_join = ok;
  no_join.replace(no_join.find("identify -> join"), 16, "identify");
  no_join.replace(no_join.find("  join [kind=stage, op=join];\n"), 30, "");
  CHECK_THAT(error_of(no_join), Catch::Contains("node 'fan': fanout without a join"));
  CHECK_THAT(error_of(two_dnn("sometimes", redis(10))),
             Catch::Contains("attribute 'items_per_request'"));
  CHECK_THAT(error_of(two_dnn("fixed:1", "  broker [kind=broker, type=rabbit, device=x];\n")),
             Catch::Contains("unknown broker type 'rabbit'"));
  CHECK_THAT(error_of(two_dnn("fixed:1", "  broker [kind=broker, type=redis];\n")),
             Catch::Contains("attribute 'device': missing"));
  CHECK_THAT(error_of(two_dnn("fixed:1", "  broker [kind=cpu, cores=1];\n")),
             Catch::Contains("op broker_hop runs on a broker"));
  CHECK_THAT(error_of(two_dnn("fixed:1", "  broker [kind=broker, type=kafka, acks=2];\n")),
             Catch::Contains("attribute 'acks'"));
  CHECK_THAT(error_of(two_dnn("fixed:1", redis(10), ", mode=sometimes")),
             Catch::Contains("attribute 'mode'"));
  CHECK_THAT(error_of(two_dnn("fixed:1", redis(10), ", item_px=\"12\"")),
             Catch::Contains("attribute 'item_px'") && Catch::Contains("WIDTHxHEIGHT"));
}

TEST_CASE("a two-DNN pipeline reaches min(DNN-1, DNN-2 / E[K], broker) and never beats it",
          "[slow]") {
  struct Case {
    std::string items;
    double op_us;
    double bound_rps;
    std::string bottleneck;
  };
  // DNN-1: 1000 images/s. DNN-2: 2500 items/s. Broker: 1e6 / (2 op_us) messages/s.
  const Case cases[] = {
      {"fixed:3", 50, 2500.0 / 3, "dnn2_cpu"},    // DNN-2 / E[K] = 833
      {"poisson:1", 50, 1000.0, "dnn1_cpu"},      // DNN-1 = 1000 (DNN-2 2500, broker 10000)
      {"fixed:2", 400, 1e6 / 800 / 2, "broker"},  // broker 1250 msg/s / 2 = 625
  };
  for (const Case& c : cases) {
    INFO(c.items << " op_us " << c.op_us);
    const sim::ServingResult r = closed_loop(two_dnn(c.items, redis(c.op_us)), 64);
    CHECK(r.bound_rps == Approx(c.bound_rps).epsilon(1e-9));
    CHECK(r.bottleneck == c.bottleneck);
    // Under overload the bottleneck is busy all the time: throughput is the bound, within the
    // requests in flight at the window's edges.
    CHECK(r.throughput_rps <= r.bound_rps * 1.01);
    CHECK(r.throughput_rps == Approx(c.bound_rps).epsilon(0.03));
  }
}

TEST_CASE("a parent waits for its slowest child; fire-and-forget does not wait", "[unit]") {
  // At low load nothing queues: the parent's latency is DNN-1 + broker + DNN-2 for one child.
  const std::string broker = redis(50);  // 100 us of service + 2 x 20 us of hops
  sim::ServingConfig config = test::serving_config(two_dnn("fixed:1", broker), 2, 3);
  config.rate_per_s = 20;
  config.arrival = "constant";
  const sim::ServingResult joined = sim::run_serving(config, parametric_costs());
  CHECK(joined.mean_ms.value == Approx(1.0 + 0.14 + 0.4).epsilon(1e-6));
  CHECK(joined.items_per_request == 1);
  const auto broker_ms = joined.breakdown_ms[static_cast<int>(sim::Category::kBroker)];
  CHECK(broker_ms == Approx(0.14).epsilon(1e-6));

  sim::ServingConfig ff =
      test::serving_config(two_dnn("fixed:3", broker, ", mode=fire_and_forget"), 2, 3);
  ff.rate_per_s = 20;
  ff.arrival = "constant";
  const sim::ServingResult forgot = sim::run_serving(ff, parametric_costs());
  CHECK(forgot.mean_ms.value == Approx(1.0).epsilon(1e-6));  // DNN-1 only
  CHECK(forgot.items_per_request == 3);
  // The three children queue behind each other on DNN-2 and the broker thread.
  CHECK(forgot.item_p99_ms.value > 1.0 + 0.14 + 3 * 0.4 - 0.01);
  CHECK(forgot.item_throughput_rps == Approx(3 * 20).epsilon(0.05));
}

TEST_CASE("Kafka's linger adds its delay at low load; a full batch leaves at once", "[unit]") {
  auto kafka_mean_ms = [](double linger_ms, const std::string& item) {
    const std::string broker =
        "  broker [kind=broker, type=kafka, linger_ms=" + std::to_string(linger_ms) +
        ", op_us=100, us_per_kib=10, hop_latency_us=300, "
        "replication_us=700];\n";
    sim::ServingConfig config =
        test::serving_config(two_dnn("fixed:1", broker, ", item_px=\"" + item + "\""), 4, 5);
    config.rate_per_s = 10;  // one record in the producer at a time
    config.arrival = "constant";
    return sim::run_serving(config, parametric_costs()).mean_ms.value;
  };
  // 8x8 RGB = 192 bytes, far below batch.size: the record waits out linger.ms alone.
  const double hop_ms = 0.3 + 0.1 + 10 * 192 / 1024.0 / 1000 + 0.7 + 0.3 + 10 * 192 / 1024.0 / 1000;
  CHECK(kafka_mean_ms(0, "8x8") == Approx(1.0 + hop_ms + 0.4).epsilon(1e-6));
  CHECK(kafka_mean_ms(5, "8x8") == Approx(1.0 + 5 + hop_ms + 0.4).epsilon(1e-6));
  // 128x128 RGB = 48 KiB fills a 16 KiB batch by itself: linger does not apply.
  CHECK(kafka_mean_ms(5, "128x128") == Approx(kafka_mean_ms(0, "128x128")).epsilon(1e-9));
}

TEST_CASE("a core whose neighbour is busy costs what the co-run table says", "[unit]") {
  const std::string dot =
      "digraph t {\n"
      "  cpu [kind=cpu, device=alone, corun_device=busy, cores=2];\n"
      "  infer [kind=stage, op=infer, model=m, on=cpu];\n"
      "}\n";
  sim::CostModel costs;
  costs.add_parametric("alone", "infer", "m", Distribution::deterministic(1e6));
  costs.add_parametric("busy", "infer", "m", Distribution::deterministic(3e6));
  // One request at a time: the other core is always idle.
  sim::ServingConfig lone = test::serving_config(dot, 2, 1);
  lone.rate_per_s = 10;
  lone.arrival = "constant";
  CHECK(sim::run_serving(lone, costs).mean_ms.value == Approx(1.0).epsilon(1e-9));
  // Two clients keep both cores busy: every call after the first starts beside a busy core.
  sim::ServingConfig pair = test::serving_config(dot, 2, 1);
  pair.concurrency = 2;
  CHECK(sim::run_serving(pair, costs).mean_ms.value == Approx(3.0).epsilon(1e-9));
  // Without a co-run table the same pair costs what it costs alone.
  sim::ServingConfig plain = test::serving_config(
      "digraph t {\n  cpu [kind=cpu, device=alone, cores=2];\n"
      "  infer [kind=stage, op=infer, model=m, on=cpu];\n}\n",
      2, 1);
  plain.concurrency = 2;
  CHECK(sim::run_serving(plain, costs).mean_ms.value == Approx(1.0).epsilon(1e-9));
  // A co-run device with no table at all is a typo, not "no co-run cost": say so.
  std::string typo = dot;
  typo.replace(typo.find("corun_device=busy"), 17, "corun_device=bsuy");
  sim::ServingConfig mistyped = test::serving_config(typo, 2, 1);
  mistyped.concurrency = 2;
  CHECK_THROWS_WITH(sim::run_serving(mistyped, costs),
                    Catch::Contains("attribute 'corun_device'") && Catch::Contains("'bsuy'"));
}
