// SPDX-License-Identifier: Apache-2.0
#include "sim/stats/latency_histogram.hpp"

#include "sim/random/distribution.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace servesim::sim;

TEST_CASE("bucket index and bounds agree everywhere", "[unit]") {
  int previous = -1;
  for (std::uint64_t v : {0ULL, 1ULL, 127ULL, 128ULL, 129ULL, 255ULL, 256ULL, 1000ULL, 123456789ULL,
                          (1ULL << 40) + 12345ULL, (1ULL << 62) + 1ULL}) {
    const int index = LatencyHistogram::bucket_index(v);
    REQUIRE(index >= previous);
    REQUIRE(index < LatencyHistogram::kBucketCount);
    CHECK(LatencyHistogram::bucket_lower(index) <= v);
    CHECK(v < LatencyHistogram::bucket_lower(index) + LatencyHistogram::bucket_width(index));
    previous = index;
  }
}

TEST_CASE("every percentile is within 1% of the exact order statistic", "[unit]") {
  RngStream rng(3, "hist");
  const Distribution d = Distribution::lognormal(2e6, 3.0);  // heavy tail across many octaves
  std::vector<std::int64_t> values;
  LatencyHistogram h;
  for (int i = 0; i < 200000; ++i) {
    const auto v = static_cast<std::int64_t>(d.sample(rng));
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.001, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999, 1.0}) {
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    const double exact = static_cast<double>(values[rank - 1]);
    INFO("q = " << q);
    CHECK(std::abs(h.percentile(q) - exact) <= 0.01 * exact);
  }
  double sum = 0;
  for (auto v : values) sum += static_cast<double>(v);
  CHECK(h.mean() == Approx(sum / static_cast<double>(values.size())).epsilon(1e-12));
  CHECK(h.min() == values.front());
  CHECK(h.max() == values.back());
}

TEST_CASE("merging histograms equals recording into one", "[unit]") {
  LatencyHistogram a;
  LatencyHistogram b;
  LatencyHistogram both;
  for (std::int64_t v = 1; v < 100000; v += 7) {
    (v % 3 ? a : b).record(v);
    both.record(v);
  }
  a.merge(b);
  CHECK(a.count() == both.count());
  CHECK(a.percentile(0.37) == both.percentile(0.37));
  CHECK(a.mean() == Approx(both.mean()));
  CHECK(a.min() == 1);
}

TEST_CASE("small values are exact", "[unit]") {
  LatencyHistogram h;
  for (int v = 0; v < 100; ++v) h.record(v);
  CHECK(h.percentile(0.5) == 49.0);
  CHECK(h.percentile(1.0) == 99.0);
}
