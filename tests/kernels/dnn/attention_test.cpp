// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/attention.hpp"

#include "kernels/dnn/patch_embed.hpp"

#include <catch2/catch.hpp>

#include "naive_reference.hpp"
#include <cmath>

using namespace servesim::kernels::dnn;
using namespace servesim::tests;

TEST_CASE("attention: matches naive loops for several head counts and a batch", "[unit]") {
  const std::int64_t tokens = 5;
  const std::int64_t dim = 8;
  for (const int heads : {1, 2, 4}) {
    INFO("heads " << heads);
    const std::vector<float> wqkv = random_values(3 * dim * dim, 21);
    const std::vector<float> bqkv = random_values(3 * dim, 22);
    const std::vector<float> wproj = random_values(dim * dim, 23);
    const std::vector<float> bproj = random_values(dim, 24);
    const Tensor x = random_tensor(2, 1, tokens, dim, 25);
    Tensor y(2, 1, tokens, dim);
    AttentionScratch scratch;
    self_attention(x.view(), heads, {wqkv.data(), bqkv.data(), wproj.data(), bproj.data()},
                   y.view(), scratch);
    for (int n = 0; n < 2; ++n) {
      const std::vector<float> sample(x.data() + n * tokens * dim,
                                      x.data() + (n + 1) * tokens * dim);
      const std::vector<float> want =
          naive_attention(sample, tokens, dim, heads, wqkv, bqkv, wproj, bproj);
      CHECK(max_abs_diff(y.data() + n * tokens * dim, want.data(), tokens * dim) < 1e-5F);
    }
  }
}

TEST_CASE("attention: two tokens, one head, identity weights, by hand", "[unit]") {
  // Q = K = V = x, D = 2. x0 = (1, 0), x1 = (0, 1). Scores/sqrt(2): row 0 = (1/sqrt2, 0),
  // so p0 = softmax = (e^a, 1) / (e^a + 1) with a = 1/sqrt2, and out0 = p0[0] * x0 + p0[1] * x1.
  const std::vector<float> wqkv = {1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1};  // three 2x2 identities
  const std::vector<float> wproj = {1, 0, 0, 1};
  Tensor x(1, 1, 2, 2);
  x.data()[0] = 1.0F;
  x.data()[3] = 1.0F;
  Tensor y(1, 1, 2, 2);
  AttentionScratch scratch;
  self_attention(x.view(), 1, {wqkv.data(), nullptr, wproj.data(), nullptr}, y.view(), scratch);
  const double e = std::exp(1.0 / std::sqrt(2.0));
  CHECK(y.data()[0] == Approx(e / (e + 1)));
  CHECK(y.data()[1] == Approx(1 / (e + 1)));
  CHECK(y.data()[2] == Approx(1 / (e + 1)));  // token 1 by symmetry
  CHECK(y.data()[3] == Approx(e / (e + 1)));
}

TEST_CASE("patch_embed: equals a strided conv, flattened, after the class token", "[unit]") {
  const int patch = 4;
  const std::int64_t dim = 6;
  const Tensor img = random_tensor(2, 3, 8, 12, 31);  // 2 x 3 patches
  const std::vector<float> w = random_values(dim * 3 * patch * patch, 32);
  const std::vector<float> b = random_values(dim, 33);
  const std::vector<float> cls = random_values(dim, 34);
  const std::vector<float> pos = random_values(7 * dim, 35);
  Tensor out(2, 1, 7, dim);
  FloatBuffer scratch;
  patch_embed(img.view(), patch, {w.data(), b.data(), cls.data(), pos.data()}, out.view(), scratch);
  const Tensor conv = naive_conv(img, dim, patch, patch, 0, 1, w, b);  // 2 x 6 x 2 x 3
  for (int n = 0; n < 2; ++n) {
    for (int d = 0; d < dim; ++d) {
      CHECK(out.at(n, 0, 0, d) == Approx(cls[d] + pos[d]));
      for (int py = 0; py < 2; ++py) {
        for (int px = 0; px < 3; ++px) {
          const int t = 1 + py * 3 + px;
          CHECK(out.at(n, 0, t, d) ==
                Approx(conv.at(n, d, py, px) + pos[t * dim + d]).margin(1e-5));
        }
      }
    }
  }
}
