// SPDX-License-Identifier: Apache-2.0
// Per-layer MACs, FLOPs, parameters and bytes on small layers counted by hand.
#include "kernels/zoo/layer_cost.hpp"

#include "kernels/zoo/model_builder.hpp"

#include <catch2/catch.hpp>

using namespace servesim::kernels::zoo;

namespace {

// A one-layer model: builds the layer with the builder and returns it.
template <class F>
LayerSpec one_layer(Shape input, F add_layer) {
  ModelBuilder b("t", "", input);
  add_layer(b, b.input());
  return b.finish().layers.back();
}

}  // namespace

TEST_CASE("cost: 3x3 convolution", "[unit]") {
  const LayerSpec l = one_layer(
      {3, 8, 8}, [](ModelBuilder& b, ModelBuilder::Ref x) { b.conv(x, "c", 4, 3, 1, 1, 1, true); });
  const LayerCost c = layer_cost(l, 2);
  // 4 x 8 x 8 outputs, each 3 channels x 9 taps, two samples.
  CHECK(c.macs == 2 * 4 * 8 * 8 * 3 * 9);
  CHECK(c.flops == 2 * c.macs);
  CHECK(c.params == 4 * 3 * 9 + 4);
  CHECK(c.weight_bytes == 4 * c.params);
  CHECK(c.input_bytes == 2 * 3 * 8 * 8 * 4);
  CHECK(c.output_bytes == 2 * 4 * 8 * 8 * 4);
  CHECK(c.activation_bytes() == c.input_bytes + c.output_bytes);
  CHECK(c.memory_bytes() == c.weight_bytes + c.input_bytes + c.output_bytes);
}

TEST_CASE("cost: strided depthwise and grouped convolutions", "[unit]") {
  const LayerSpec dw = one_layer(
      {32, 16, 16}, [](ModelBuilder& b, ModelBuilder::Ref x) { b.conv(x, "dw", 32, 3, 2, 1, 32); });
  CHECK(dw.out == Shape{32, 8, 8});
  CHECK(layer_cost(dw).macs == 32 * 8 * 8 * 9);
  CHECK(layer_cost(dw).params == 32 * 9);

  const LayerSpec g = one_layer(
      {8, 4, 4}, [](ModelBuilder& b, ModelBuilder::Ref x) { b.conv(x, "g", 16, 1, 1, 0, 2); });
  CHECK(layer_cost(g).macs == 16 * 4 * 4 * 4);  // 4 input channels per group
  CHECK(layer_cost(g).params == 16 * 4);
}

TEST_CASE("cost: linear on a feature vector and on tokens", "[unit]") {
  const LayerSpec fc =
      one_layer({512, 1, 1}, [](ModelBuilder& b, ModelBuilder::Ref x) { b.linear(x, "fc", 10); });
  CHECK(fc.out == Shape{10, 1, 1});
  CHECK(layer_cost(fc).macs == 5120);
  CHECK(layer_cost(fc).params == 5130);

  const LayerSpec tok = one_layer(
      {1, 5, 8}, [](ModelBuilder& b, ModelBuilder::Ref x) { b.linear(x, "fc", 12, false); });
  CHECK(tok.out == Shape{1, 5, 12});
  CHECK(layer_cost(tok, 3).macs == 3 * 5 * 8 * 12);
  CHECK(layer_cost(tok).params == 96);
}

TEST_CASE("cost: attention counts its four matrix products, softmax and intermediates", "[unit]") {
  const LayerSpec a =
      one_layer({1, 4, 8}, [](ModelBuilder& b, ModelBuilder::Ref x) { b.attention(x, "attn", 2); });
  const LayerCost c = layer_cost(a);
  // QKV 4x8x24 = 768, QK^T 2 heads x 4x4x4 = 128, AV 128, projection 4x8x8 = 256.
  CHECK(c.macs == 768 + 128 + 128 + 256);
  // 2 heads x 16 scores, 6 flops each (scale + softmax).
  CHECK(c.flops == 2 * c.macs + 6 * 32);
  CHECK(c.params == 8 * 24 + 24 + 8 * 8 + 8);
  // QKV (4x24) + scores (2x4x4) + context (4x8) floats.
  CHECK(c.workspace_bytes == (96 + 32 + 32) * 4);
}

TEST_CASE("cost: element-wise, pooling and data movement layers", "[unit]") {
  const Shape s{2, 4, 4};
  const auto flops_of = [&s](auto add) { return layer_cost(one_layer(s, add)).flops; };
  using Ref = ModelBuilder::Ref;
  CHECK(flops_of([](ModelBuilder& b, Ref x) { b.batchnorm(x, "bn"); }) == 2 * 32);
  CHECK(layer_cost(one_layer(s, [](ModelBuilder& b, Ref x) { b.batchnorm(x, "bn"); })).params == 4);
  CHECK(flops_of([](ModelBuilder& b, Ref x) { b.relu(x, "r"); }) == 32);
  CHECK(flops_of([](ModelBuilder& b, Ref x) { b.silu(x, "s"); }) == 4 * 32);
  CHECK(flops_of([](ModelBuilder& b, Ref x) { b.maxpool(x, "p", 2, 2); }) == 2 * 2 * 2 * 4);
  CHECK(flops_of([](ModelBuilder& b, Ref x) { b.global_avgpool(x, "g"); }) == 32);
  CHECK(flops_of([](ModelBuilder& b, Ref x) { b.upsample(x, "u", 2); }) == 0);
  const LayerSpec cat = one_layer(s, [](ModelBuilder& b, Ref x) {
    b.concat({x, b.relu(x, "r")}, "cat");
  });
  const LayerCost cc = layer_cost(cat, 3);
  CHECK(cat.out == Shape{4, 4, 4});
  CHECK(cc.input_bytes == 3 * 2 * 32 * 4);
  CHECK(cc.output_bytes == 3 * 64 * 4);
  CHECK(cc.flops == 0);
}

TEST_CASE("cost: model totals are the sum of layers and scale with batch", "[unit]") {
  ModelBuilder b("t", "", {3, 8, 8});
  auto x = b.relu(b.conv(b.input(), "c", 4, 3, 1, 1), "r");
  b.linear(b.global_avgpool(x, "g"), "fc", 2);
  const ModelSpec m = b.finish();
  const ModelCost one = model_cost(m, 1);
  const ModelCost four = model_cost(m, 4);
  REQUIRE(one.layers.size() == 4);
  std::int64_t macs = 0;
  for (const LayerCost& c : one.layers) macs += c.macs;
  CHECK(one.total.macs == macs);
  CHECK(one.total.macs == 4 * 8 * 8 * 27 + 8);
  CHECK(four.total.macs == 4 * one.total.macs);
  CHECK(four.total.params == one.total.params);
  CHECK(four.total.activation_bytes() == 4 * one.total.activation_bytes());
  CHECK_THROWS_WITH(model_cost(m, 0), Catch::Contains("batch must be >= 1"));
}
