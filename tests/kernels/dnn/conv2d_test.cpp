// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/conv2d.hpp"

#include <catch2/catch.hpp>

#include "naive_reference.hpp"
#include <string>

using namespace servesim::kernels::dnn;
using namespace servesim::tests;

namespace {

struct Case {
  const char* what;
  std::int64_t n, c, h, w, out_c;
  int kernel, stride, padding, groups;
  bool bias;
};

void check_against_naive(const Case& k) {
  INFO(k.what);
  const Tensor in = random_tensor(k.n, k.c, k.h, k.w, 11);
  const std::vector<float> weight =
      random_values(static_cast<std::size_t>(k.out_c * (k.c / k.groups) * k.kernel * k.kernel), 12);
  const std::vector<float> bias =
      k.bias ? random_values(static_cast<std::size_t>(k.out_c), 13) : std::vector<float>{};
  const Tensor expected =
      naive_conv(in, k.out_c, k.kernel, k.stride, k.padding, k.groups, weight, bias);
  Tensor out(k.n, k.out_c, conv_output_size(k.h, k.kernel, k.stride, k.padding),
             conv_output_size(k.w, k.kernel, k.stride, k.padding));
  FloatBuffer scratch;
  const Conv2dParams p{k.c, k.out_c, k.kernel, k.stride, k.padding, k.groups};
  conv2d(in.view(), p, weight.data(), k.bias ? bias.data() : nullptr, out.view(), scratch);
  REQUIRE(out.size() == expected.size());
  // Sums of up to a few hundred products of values in [-1, 1): float error stays far below 1e-3.
  CHECK(max_abs_diff(out.data(), expected.data(), out.size()) < 1e-4F);
}

}  // namespace

TEST_CASE("conv2d: im2col + GEMM matches direct convolution", "[unit]") {
  const Case cases[] = {
      {"1x1 stride 1 (no im2col)", 2, 5, 6, 7, 4, 1, 1, 0, 1, true},
      {"1x1 stride 2 (projection shortcut)", 1, 6, 7, 7, 3, 1, 2, 0, 1, false},
      {"3x3 stride 1 pad 1", 2, 3, 9, 8, 5, 3, 1, 1, 1, true},
      {"3x3 stride 2 pad 1, odd size", 1, 4, 9, 11, 6, 3, 2, 1, 1, false},
      {"7x7 stride 2 pad 3 (ResNet stem)", 1, 3, 20, 18, 4, 7, 2, 3, 1, false},
      {"6x6 stride 2 pad 2 (YOLOv5 stem)", 1, 3, 16, 16, 4, 6, 2, 2, 1, true},
      {"3x3 no padding", 1, 2, 6, 6, 3, 3, 1, 0, 1, true},
      {"grouped 2 groups 3x3", 2, 4, 7, 7, 6, 3, 1, 1, 2, true},
      {"grouped 4 groups 1x1", 1, 8, 5, 5, 8, 1, 1, 0, 4, false},
      {"kernel covers whole input", 1, 3, 5, 5, 2, 5, 1, 0, 1, false},
  };
  for (const Case& k : cases) check_against_naive(k);
}

TEST_CASE("conv2d: depthwise direct loop matches direct convolution", "[unit]") {
  const Case cases[] = {
      {"depthwise 3x3 stride 1", 2, 6, 9, 10, 6, 3, 1, 1, 6, true},
      {"depthwise 3x3 stride 2", 1, 5, 11, 9, 5, 3, 2, 1, 5, false},
      {"depthwise 5x5 stride 2 pad 2", 1, 3, 12, 12, 3, 5, 2, 2, 3, true},
      {"depthwise multiplier 2", 1, 3, 6, 6, 6, 3, 1, 1, 3, false},
      {"global depthwise 7x7 (GDConv)", 2, 4, 7, 7, 4, 7, 1, 0, 4, false},
      {"single channel", 1, 1, 4, 4, 1, 3, 1, 1, 1, true},
  };
  for (const Case& k : cases) check_against_naive(k);
}

TEST_CASE("conv2d: a 3x3 convolution computed by hand", "[unit]") {
  // Input 1..9 in a 3x3 image, kernel all ones, padding 1: each output is the sum of its
  // 3x3 neighbourhood. Centre = 45, corner (0,0) = 1+2+4+5 = 12, edge (0,1) = 1+2+3+4+5+6 = 21.
  Tensor in(1, 1, 3, 3);
  for (int i = 0; i < 9; ++i) in.data()[i] = static_cast<float>(i + 1);
  const std::vector<float> ones(9, 1.0F);
  const float bias = 0.5F;
  Tensor out(1, 1, 3, 3);
  FloatBuffer scratch;
  // Depthwise and GEMM paths both: one channel is depthwise; two groups-of-one would be too.
  conv2d(in.view(), {1, 1, 3, 1, 1, 1}, ones.data(), &bias, out.view(), scratch);
  CHECK(out.at(0, 0, 1, 1) == 45.5F);
  CHECK(out.at(0, 0, 0, 0) == 12.5F);
  CHECK(out.at(0, 0, 0, 1) == 21.5F);
  CHECK(out.at(0, 0, 2, 2) == 28.5F);  // 5+6+8+9

  // The same through the GEMM path: two input channels, the second all zeros.
  Tensor in2(1, 2, 3, 3);
  std::copy(in.data(), in.data() + 9, in2.data());
  const std::vector<float> w2(18, 1.0F);
  conv2d(in2.view(), {2, 1, 3, 1, 1, 1}, w2.data(), nullptr, out.view(), scratch);
  CHECK(out.at(0, 0, 1, 1) == 45.0F);
  CHECK(out.at(0, 0, 0, 0) == 12.0F);
}

TEST_CASE("conv2d: shape mismatches are rejected", "[unit]") {
  Tensor in(1, 4, 8, 8);
  Tensor out(1, 4, 8, 8);
  std::vector<float> w(4 * 4 * 9);
  FloatBuffer scratch;
  CHECK_THROWS_WITH(conv2d(in.view(), {4, 4, 3, 2, 1, 1}, w.data(), nullptr, out.view(), scratch),
                    Catch::Contains("do not fit"));
  CHECK_THROWS_WITH(conv2d(in.view(), {4, 4, 3, 1, 1, 3}, w.data(), nullptr, out.view(), scratch),
                    Catch::Contains("groups"));
}
