// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/nvml_power.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <utility>

using namespace servesim::kernels::cuda;

TEST_CASE("NVML: a missing library is 'unavailable', not a crash", "[unit]") {
  const NvmlPower nvml = NvmlPower::open(0, "libservesim-no-such-nvml.so.1");
  CHECK_FALSE(nvml.available());
  CHECK(nvml.status().find("libservesim-no-such-nvml.so.1 not loadable") == 0);
  CHECK_FALSE(nvml.power_w().has_value());
}

TEST_CASE("NVML: a library without NVML's symbols is 'unavailable'", "[unit]") {
  const NvmlPower nvml = NvmlPower::open(0, "libm.so.6");
  CHECK_FALSE(nvml.available());
  CHECK(nvml.status() ==
        "libm.so.6 lacks the NVML symbols nvmlInit_v2, nvmlDeviceGetHandleByIndex_v2, "
        "nvmlDeviceGetPowerUsage or nvmlShutdown");
  CHECK_FALSE(nvml.power_w().has_value());
}

TEST_CASE("NVML: the driver's library, when present, gives a status either way", "[unit]") {
  NvmlPower nvml = NvmlPower::open();
  CHECK_FALSE(nvml.status().empty());
  if (!nvml.available()) {
    // This machine: no NVIDIA driver.
    CHECK(nvml.status().find("libnvidia-ml.so.1") != std::string::npos);
    CHECK_FALSE(nvml.power_w().has_value());
  } else {
    CHECK(nvml.status() == "available");
  }
  // Moving keeps the state and leaves the source unavailable.
  const bool was_available = nvml.available();
  const NvmlPower moved = std::move(nvml);
  CHECK(moved.available() == was_available);
}

TEST_CASE("power sampler: no readings without NVML", "[unit]") {
  const NvmlPower nvml = NvmlPower::open(0, "libservesim-no-such-nvml.so.1");
  PowerSampler sampler(nvml, 1);
  sampler.start();
  CHECK_FALSE(sampler.stop().has_value());
  CHECK_FALSE(sampler.stop().has_value());  // a second stop is harmless
}
