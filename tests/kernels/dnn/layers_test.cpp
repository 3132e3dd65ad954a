// SPDX-License-Identifier: Apache-2.0
// Pooling, element-wise, normalisation, linear and data-movement layers against hand-computed
// values and naive loops.
#include "kernels/dnn/data_movement.hpp"
#include "kernels/dnn/elementwise.hpp"
#include "kernels/dnn/linear.hpp"
#include "kernels/dnn/normalization.hpp"
#include "kernels/dnn/pooling.hpp"

#include <catch2/catch.hpp>

#include "naive_reference.hpp"
#include <cmath>

using namespace servesim::kernels::dnn;
using namespace servesim::tests;

TEST_CASE("pooling: max and average by hand", "[unit]") {
  // 4x4 image 0..15, 2x2 windows stride 2.
  Tensor in(1, 1, 4, 4);
  for (int i = 0; i < 16; ++i) in.data()[i] = static_cast<float>(i);
  Tensor out(1, 1, 2, 2);
  maxpool(in.view(), {2, 2, 0}, out.view());
  CHECK(out.at(0, 0, 0, 0) == 5.0F);
  CHECK(out.at(0, 0, 1, 1) == 15.0F);
  avgpool(in.view(), {2, 2, 0}, out.view());
  CHECK(out.at(0, 0, 0, 0) == 2.5F);   // (0+1+4+5)/4
  CHECK(out.at(0, 0, 1, 0) == 10.5F);  // (8+9+12+13)/4
  // 3x3 stride 2 pad 1 on all -1: max ignores padding (-1), average counts it as zeros.
  Tensor neg(1, 1, 4, 4, -1.0F);
  maxpool(neg.view(), {3, 2, 1}, out.view());
  CHECK(out.at(0, 0, 0, 0) == -1.0F);
  avgpool(neg.view(), {3, 2, 1}, out.view());
  CHECK(out.at(0, 0, 0, 0) == Approx(-4.0 / 9.0));  // 4 real taps of 9
  CHECK(out.at(0, 0, 1, 1) == Approx(-9.0 / 9.0));  // window rows/cols 1..3
}

TEST_CASE("pooling: matches naive loops, batch and channels", "[unit]") {
  const Tensor in = random_tensor(2, 3, 11, 9, 3);
  const PoolParams shapes[] = {{3, 2, 1}, {2, 2, 0}, {5, 1, 2}, {3, 1, 1}};
  for (const PoolParams& p : shapes) {
    INFO("k" << p.kernel << " s" << p.stride << " p" << p.padding);
    const Tensor want_max = naive_maxpool(in, p.kernel, p.stride, p.padding);
    Tensor got(want_max.view().n, want_max.view().c, want_max.view().h, want_max.view().w);
    maxpool(in.view(), p, got.view());
    CHECK(max_abs_diff(got.data(), want_max.data(), got.size()) == 0.0F);
    const Tensor want_avg = naive_avgpool(in, p.kernel, p.stride, p.padding);
    avgpool(in.view(), p, got.view());
    CHECK(max_abs_diff(got.data(), want_avg.data(), got.size()) < 1e-6F);
  }
  Tensor g(2, 3, 1, 1);
  global_avgpool(in.view(), g.view());
  double sum = 0;
  for (int y = 0; y < 11; ++y) {
    for (int x = 0; x < 9; ++x) sum += in.at(1, 2, y, x);
  }
  CHECK(g.at(1, 2, 0, 0) == Approx(sum / 99.0).margin(1e-6));
}

TEST_CASE("activations by hand", "[unit]") {
  Tensor x(1, 1, 1, 4);
  const float values[] = {-2.0F, -0.5F, 0.0F, 7.0F};
  std::copy(values, values + 4, x.data());
  Tensor y(1, 1, 1, 4);
  activation(x.view(), Activation::kRelu, y.view());
  CHECK(y.data()[0] == 0.0F);
  CHECK(y.data()[3] == 7.0F);
  activation(x.view(), Activation::kRelu6, y.view());
  CHECK(y.data()[3] == 6.0F);
  activation(x.view(), Activation::kLeakyRelu, y.view(), 0.1F);
  CHECK(y.data()[0] == Approx(-0.2));
  activation(x.view(), Activation::kSilu, y.view());
  CHECK(y.data()[0] == Approx(-2.0 / (1.0 + std::exp(2.0))));
  CHECK(y.data()[2] == 0.0F);
  activation(x.view(), Activation::kGelu, y.view());
  // GELU(-0.5) = -0.5 * Phi(-0.5) = -0.5 * 0.308538 = -0.154269 (standard normal table).
  CHECK(y.data()[1] == Approx(-0.154269).margin(1e-5));
  CHECK(y.data()[3] == Approx(7.0).margin(1e-5));
  // In place.
  activation(x.view(), Activation::kRelu, x.view());
  CHECK(x.data()[1] == 0.0F);
}

TEST_CASE("batchnorm, prelu and add", "[unit]") {
  Tensor x(2, 2, 1, 2);
  for (int i = 0; i < 8; ++i) x.data()[i] = static_cast<float>(i) - 4.0F;  // -4..3
  const float scale[] = {2.0F, -1.0F};
  const float shift[] = {1.0F, 0.5F};
  Tensor y(2, 2, 1, 2);
  batchnorm(x.view(), scale, shift, y.view());
  CHECK(y.at(0, 0, 0, 0) == -7.0F);  // -4 * 2 + 1
  CHECK(y.at(0, 1, 0, 1) == 1.5F);   // -(-1) + 0.5
  CHECK(y.at(1, 0, 0, 1) == 3.0F);   // 1 * 2 + 1
  const FoldedBatchNorm f = fold_batchnorm({2.0F}, {1.0F}, {3.0F}, {4.0F}, 0.0F);
  CHECK(f.scale[0] == 1.0F);   // 2 / sqrt(4)
  CHECK(f.shift[0] == -2.0F);  // 1 - 3 * 1
  const float slope[] = {0.25F, 0.5F};
  prelu(x.view(), slope, y.view());
  CHECK(y.at(0, 0, 0, 0) == -1.0F);
  CHECK(y.at(0, 1, 0, 0) == -1.0F);  // -2 * 0.5
  CHECK(y.at(1, 1, 0, 1) == 3.0F);
  Tensor z(2, 2, 1, 2);
  add(x.view(), y.view(), z.view());
  CHECK(z.at(1, 1, 0, 1) == 6.0F);
}

TEST_CASE("linear: feature vectors and token rows match naive loops", "[unit]") {
  const std::vector<float> w = random_values(6 * 5, 7);
  const std::vector<float> b = random_values(6, 8);
  const Tensor x = random_tensor(3, 1, 4, 5, 9);  // 12 token rows of 5 features
  Tensor y(3, 1, 4, 6);
  linear(x.view(), 5, 6, w.data(), b.data(), y.view());
  const std::vector<float> in(x.data(), x.data() + x.size());
  const std::vector<float> want = naive_linear(in, 12, 5, 6, w, b);
  CHECK(max_abs_diff(y.data(), want.data(), y.size()) < 1e-5F);
  // By hand: [1 2] * [[1 0] [1 1] [0 -1]]^T + [0 0 1] = [1 3 -1].
  Tensor v(1, 2, 1, 1);
  v.data()[0] = 1.0F;
  v.data()[1] = 2.0F;
  const float wh[] = {1, 0, 1, 1, 0, -1};
  const float bh[] = {0, 0, 1};
  Tensor o(1, 3, 1, 1);
  linear(v.view(), 2, 3, wh, bh, o.view());
  CHECK(o.data()[0] == 1.0F);
  CHECK(o.data()[1] == 3.0F);
  CHECK(o.data()[2] == -1.0F);
  CHECK_THROWS_WITH(linear(v.view(), 3, 3, wh, bh, o.view()), Catch::Contains("rows"));
}

TEST_CASE("layernorm and softmax by hand", "[unit]") {
  Tensor x(1, 1, 2, 4);
  const float values[] = {1, 2, 3, 4, 0, 0, 0, 8};
  std::copy(values, values + 8, x.data());
  const float gamma[] = {1, 1, 1, 2};
  const float beta[] = {0, 0, 0, 1};
  Tensor y(1, 1, 2, 4);
  layernorm(x.view(), 4, gamma, beta, y.view(), 0.0F);
  // Row 0: mean 2.5, variance 1.25.
  CHECK(y.data()[0] == Approx(-1.5 / std::sqrt(1.25)));
  CHECK(y.data()[3] == Approx(2.0 * 1.5 / std::sqrt(1.25) + 1.0));
  // Row 1: mean 2, variance (3*4 + 36)/4 = 12.
  CHECK(y.data()[4] == Approx(-2.0 / std::sqrt(12.0)));
  softmax(x.view(), 4, y.view());
  const double denom = std::exp(1.0) + std::exp(2.0) + std::exp(3.0) + std::exp(4.0);
  CHECK(y.data()[3] == Approx(std::exp(4.0) / denom));
  CHECK(y.data()[4] == Approx(1.0 / (3.0 + std::exp(8.0))));
}

TEST_CASE("concat, upsample and take_token", "[unit]") {
  const Tensor a = random_tensor(2, 2, 3, 3, 1);
  const Tensor b = random_tensor(2, 1, 3, 3, 2);
  Tensor cat(2, 3, 3, 3);
  concat_channels({a.view(), b.view()}, cat.view());
  CHECK(cat.at(1, 1, 2, 0) == a.at(1, 1, 2, 0));
  CHECK(cat.at(1, 2, 0, 2) == b.at(1, 0, 0, 2));
  CHECK(cat.at(0, 2, 1, 1) == b.at(0, 0, 1, 1));
  CHECK_THROWS(concat_channels({a.view()}, cat.view()));

  Tensor up(2, 2, 6, 6);
  upsample_nearest(a.view(), 2, up.view());
  CHECK(up.at(1, 1, 5, 4) == a.at(1, 1, 2, 2));
  CHECK(up.at(0, 0, 1, 3) == a.at(0, 0, 0, 1));

  const Tensor tokens = random_tensor(2, 1, 5, 4, 3);
  Tensor cls(2, 4, 1, 1);
  take_token(tokens.view(), 0, cls.view());
  CHECK(cls.at(1, 3, 0, 0) == tokens.at(1, 0, 0, 3));
}
