// SPDX-License-Identifier: Apache-2.0
// The image classes exist twice, because kernels/ must not depend on sim/: the simulator's
// (sim/workload) and the JPEG generator's (kernels/preprocess). This keeps them in step.
#include "kernels/preprocess/image_class.hpp"
#include "sim/workload/image_class.hpp"

#include <catch2/catch.hpp>

TEST_CASE("the simulator and the kernels agree on the image classes", "[unit]") {
  const auto& simulated = servesim::sim::default_image_classes();
  const auto& generated = servesim::kernels::default_image_classes();
  REQUIRE(simulated.size() == generated.size());
  for (std::size_t i = 0; i < simulated.size(); ++i) {
    INFO(simulated[i].name);
    CHECK(simulated[i].name == generated[i].name);
    CHECK(simulated[i].width_px == generated[i].width_px);
    CHECK(simulated[i].height_px == generated[i].height_px);
    CHECK(simulated[i].jpeg_bytes == static_cast<std::int64_t>(generated[i].target_jpeg_bytes));
  }
}
