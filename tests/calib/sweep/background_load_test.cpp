// SPDX-License-Identifier: Apache-2.0
// The co-runner behind `calibrate --corun`: it really runs forward passes, and stops with its
// owner.
#include "calib/sweep/background_load.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using servesim::calib::BackgroundLoad;

TEST_CASE("a background load runs forward passes until it is destroyed", "[slow]") {
  std::uint64_t passes_at_stop = 0;
  {
    BackgroundLoad load("mobilefacenet", std::nullopt);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (load.passes() < 2 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    passes_at_stop = load.passes();
    CHECK(passes_at_stop >= 2);
    CHECK_THAT(load.describe(), Catch::Contains("mobilefacenet"));
  }  // joined here: no pass runs after the destructor returns
  CHECK_THROWS(BackgroundLoad("no_such_model", std::nullopt));
}
