// SPDX-License-Identifier: Apache-2.0
// A cpu pool's run_share: the calls one worker runs back to back for one request draw alike
// (a Gaussian copula on their service-time draws), each keeping its own distribution.
#include "sim/random/distribution.hpp"
#include "sim/serving/serving_simulation.hpp"
#include "tests/sim/serving_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string>
#include <vector>

using namespace servesim::sim;

namespace {

/// Two decodes of the same image back to back on one worker (tiny_costs.sql's testcpu: +-20%).
std::string two_decodes(const std::string& cpu_extra) {
  return std::string(R"(digraph d {
  nic [kind=nic, gbits_per_s=10, latency_us=50];
  cpu [kind=cpu, device=testcpu, cores=2)") +
         cpu_extra + R"(];
  recv [kind=stage, op=net_recv, on=nic];
  decode [kind=stage, op=jpeg_decode, on=cpu];
  again [kind=stage, op=jpeg_decode, on=cpu];
  send [kind=stage, op=net_send, on=nic];
  recv -> decode -> again -> send;
})";
}

/// Each request's two decode times, in request order.
std::pair<std::vector<double>, std::vector<double>> decode_pairs(const std::string& cpu_extra) {
  ServingConfig config = servesim::test::serving_config(two_decodes(cpu_extra), 20.0, 7);
  config.concurrency = 1;
  config.record_requests = 1'000'000;
  std::map<std::uint64_t, std::pair<double, double>> by_request;
  for (const RequestStageRecord& r :
       run_serving(config, servesim::test::tiny_costs()).request_stages) {
    const auto ns = static_cast<double>(r.end_ns - r.start_ns);
    if (r.stage == "decode") by_request[static_cast<std::uint64_t>(r.request_id)].first = ns;
    if (r.stage == "again") by_request[static_cast<std::uint64_t>(r.request_id)].second = ns;
  }
  std::pair<std::vector<double>, std::vector<double>> out;
  for (const auto& [id, pair] : by_request) {
    out.first.push_back(pair.first);
    out.second.push_back(pair.second);
  }
  return out;
}

/// Normal scores of the ranks: the copula's own scale.
std::vector<double> normal_scores(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&values](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> scores(values.size());
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    scores[order[rank]] = standard_normal_quantile((static_cast<double>(rank) + 0.5) /
                                                   static_cast<double>(order.size()));
  }
  return scores;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const auto n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
  const double mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) * (a[i] - ma);
    bb += (b[i] - mb) * (b[i] - mb);
  }
  return ab / std::sqrt(aa * bb);
}

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

}  // namespace

TEST_CASE("a worker run's calls share run_share of their draws' normal score", "[unit]") {
  const auto independent = decode_pairs("");
  const auto shared = decode_pairs(", run_share=0.7");
  REQUIRE(independent.first.size() > 1000);
  REQUIRE(shared.first.size() > 1000);
  const double rho_independent =
      correlation(normal_scores(independent.first), normal_scores(independent.second));
  const double rho_shared = correlation(normal_scores(shared.first), normal_scores(shared.second));
  INFO("independent " << rho_independent << ", shared " << rho_shared);
  CHECK(std::abs(rho_independent) < 0.1);
  CHECK(rho_shared == Approx(0.7).margin(0.08));
  // Each call keeps its own distribution: the same mean and range either way.
  CHECK(mean(shared.first) == Approx(mean(independent.first)).epsilon(0.02));
  CHECK(mean(shared.second) == Approx(mean(independent.second)).epsilon(0.02));
  CHECK(*std::max_element(shared.second.begin(), shared.second.end()) <=
        *std::max_element(independent.second.begin(), independent.second.end()) * 1.01);
}

TEST_CASE("run_share is a cpu pool's, below one, independent by default", "[unit]") {
  const auto cpu = [](const std::string& extra) {
    return parse_topology(two_decodes(extra), "d.dot").resource("cpu");
  };
  CHECK(cpu("").run_share == 0);
  CHECK(cpu(", run_share=0.3").run_share == 0.3);
  CHECK_THROWS_WITH(cpu(", run_share=1"), Catch::StartsWith("d.dot") &&
                                              Catch::Contains("run_share") &&
                                              Catch::Contains("out of range [0, 1)"));
  CHECK_THROWS_WITH(cpu(", run_share=-0.1"), Catch::Contains("run_share"));
}
