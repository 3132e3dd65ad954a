// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/launch_grid.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

using namespace servesim::kernels::cuda;

namespace {
// How often reference_launch visits each (x, y, c); every element must be visited exactly once.
std::vector<int> visits(const ElementGrid& g) {
  std::vector<int> count(static_cast<std::size_t>(g.width_px * g.height_px * g.channels), 0);
  reference_launch(g, [&](int x, int y, int c) {
    REQUIRE(x >= 0);
    REQUIRE(x < g.width_px);
    REQUIRE(y >= 0);
    REQUIRE(y < g.height_px);
    REQUIRE(c >= 0);
    REQUIRE(c < g.channels);
    ++count[static_cast<std::size_t>((y * g.width_px + x) * g.channels + c)];
  });
  return count;
}
}  // namespace

TEST_CASE("launch shape: blocks of 32 x 8 threads cover the image", "[unit]") {
  // Interleaved 7x5x3: one row of 21 elements fits one block width; 5 rows fit one block height.
  LaunchShape s = launch_shape({7, 5, 3, ElementOrder::kInterleaved});
  CHECK(s.block.x == 32);
  CHECK(s.block.y == 8);
  CHECK(s.grid.x == 1);
  CHECK(s.grid.y == 1);
  CHECK(s.grid.z == 1);
  // 224x224x3 interleaved: 672 elements per row = 21 blocks; 224 rows = 28 blocks.
  s = launch_shape({224, 224, 3, ElementOrder::kInterleaved});
  CHECK(s.grid.x == 21);
  CHECK(s.grid.y == 28);
  CHECK(s.grid.z == 1);
  // Planar: x over pixels only (224 / 32 = 7), one z slice per channel.
  s = launch_shape({224, 224, 3, ElementOrder::kPlanar});
  CHECK(s.grid.x == 7);
  CHECK(s.grid.y == 28);
  CHECK(s.grid.z == 3);
  // 33 columns need a second, mostly idle block.
  s = launch_shape({33, 9, 1, ElementOrder::kPlanar});
  CHECK(s.grid.x == 2);
  CHECK(s.grid.y == 2);
}

TEST_CASE("element_at: thread to element mapping by hand", "[unit]") {
  const ElementGrid g{7, 5, 3, ElementOrder::kInterleaved};
  int x = -1;
  int y = -1;
  int c = -1;
  // Thread 20 of row 4: element 20 of the row = pixel 6, channel 2.
  REQUIRE(element_at(g, {0, 0, 0}, {32, 8, 1}, {20, 4, 0}, x, y, c));
  CHECK(x == 6);
  CHECK(y == 4);
  CHECK(c == 2);
  // Thread 21 is past the row's 21 elements; row 5 is past the image.
  CHECK_FALSE(element_at(g, {0, 0, 0}, {32, 8, 1}, {21, 0, 0}, x, y, c));
  CHECK_FALSE(element_at(g, {0, 0, 0}, {32, 8, 1}, {0, 5, 0}, x, y, c));
  // Planar: block z is the channel, thread x the pixel column.
  const ElementGrid p{40, 9, 3, ElementOrder::kPlanar};
  REQUIRE(element_at(p, {1, 1, 2}, {32, 8, 1}, {3, 0, 0}, x, y, c));
  CHECK(x == 35);
  CHECK(y == 8);
  CHECK(c == 2);
  CHECK_FALSE(element_at(p, {1, 0, 0}, {32, 8, 1}, {8, 0, 0}, x, y, c));  // column 40
}

TEST_CASE("reference_launch visits every element exactly once", "[unit]") {
  for (const ElementOrder order : {ElementOrder::kInterleaved, ElementOrder::kPlanar}) {
    for (const ElementGrid& g :
         {ElementGrid{1, 1, 1, order}, ElementGrid{7, 5, 3, order}, ElementGrid{33, 17, 4, order},
          ElementGrid{64, 8, 1, order}, ElementGrid{3, 41, 2, order}}) {
      const std::vector<int> count = visits(g);
      CHECK(std::count(count.begin(), count.end(), 1) == static_cast<long>(count.size()));
    }
  }
}
