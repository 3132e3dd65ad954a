// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/classification_postprocess.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

using namespace servesim::calib;

TEST_CASE("softmax top-k returns the most probable classes, ties by lower index", "[unit]") {
  const std::vector<float> logits = {1, 3, 2, 3, 0};
  std::vector<float> scratch;
  std::vector<ClassScore> top;
  softmax_top_k(logits, 3, scratch, top);
  const double sum = std::exp(1.0) + 2 * std::exp(3.0) + std::exp(2.0) + std::exp(0.0);
  REQUIRE(top.size() == 3);
  CHECK(top[0].class_index == 1);
  CHECK(top[1].class_index == 3);
  CHECK(top[2].class_index == 2);
  CHECK(top[0].probability == Approx(std::exp(3.0) / sum));
  CHECK(top[2].probability == Approx(std::exp(2.0) / sum));
  // Large logits do not overflow (the maximum is subtracted first).
  softmax_top_k(std::vector<float>{1000, 999}, 1, scratch, top);
  CHECK(top[0].class_index == 0);
  CHECK(top[0].probability == Approx(1.0 / (1.0 + std::exp(-1.0))));
  CHECK_THROWS_AS(softmax_top_k(logits, 6, scratch, top), std::invalid_argument);
  CHECK_THROWS_AS(softmax_top_k(std::vector<float>{}, 1, scratch, top), std::invalid_argument);
}
