// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/model_runner.hpp"

#include "kernels/dnn/cpu_env.hpp"
#include "kernels/dnn/memory_plan.hpp"
#include "kernels/zoo/model_builder.hpp"
#include "kernels/zoo/model_zoo.hpp"

#include <catch2/catch.hpp>

#include "naive_reference.hpp"
#include <algorithm>
#include <cmath>
#include <string>

using namespace servesim::kernels::dnn;
using namespace servesim::tests;
namespace zoo = servesim::kernels::zoo;

namespace {

std::vector<float> to_vector(const FloatBuffer& b) { return {b.begin(), b.end()}; }

bool all_finite(ConstTensorView t) {
  for (std::int64_t i = 0; i < t.size(); ++i) {
    if (!std::isfinite(t.data[i])) return false;
  }
  return true;
}

// A two-block ViT of width 32: every transformer layer kind at a tiny cost.
zoo::ModelSpec tiny_vit() {
  zoo::ModelBuilder b("tiny_vit", "", {3, 16, 16});
  auto x = b.patch_embed(b.input(), "patch", 8, 32);
  for (int i = 0; i < 2; ++i) {
    const std::string p = "blocks." + std::to_string(i) + ".";
    x = b.add(x, b.attention(b.layernorm(x, p + "norm1"), p + "attn", 4), p + "add1");
    auto y = b.gelu(b.linear(b.layernorm(x, p + "norm2"), p + "fc1", 64), p + "act");
    x = b.add(x, b.linear(y, p + "fc2", 32), p + "add2");
  }
  b.softmax(b.linear(b.take_token(b.layernorm(x, "norm"), "cls"), "head", 10), "prob");
  return b.finish();
}

}  // namespace

TEST_CASE("runner: a small CNN equals the naive layers applied by hand", "[unit]") {
  zoo::ModelBuilder b("tiny", "", {3, 9, 9});
  auto x = b.conv(b.input(), "conv", 4, 3, 2, 1, 1, true);
  x = b.relu(b.batchnorm(x, "bn"), "relu");
  x = b.maxpool(x, "pool", 3, 2, 1);
  b.linear(b.global_avgpool(x, "gap"), "fc", 3);
  ModelRunner runner(b.finish());
  const ForwardTiming t = runner.forward(2);
  REQUIRE(t.layer_ns.size() == 6);
  for (const std::int64_t ns : t.layer_ns) CHECK(ns >= 0);

  // Recompute with the test's own loops and the runner's weights.
  const ConstTensorView in = as_const(runner.input());
  Tensor img(2, 3, 9, 9);
  std::copy(in.data, in.data + in.size(), img.data());
  const LayerWeights& cw = runner.weights(0);
  Tensor y =
      naive_conv(img, 4, 3, 2, 1, 1, to_vector(cw.weight), to_vector(cw.bias));  // 2 x 4 x 5 x 5
  const LayerWeights& bn = runner.weights(1);
  for (int n = 0; n < 2; ++n) {
    for (int c = 0; c < 4; ++c) {
      for (int i = 0; i < 25; ++i) {
        float& v = y.data()[(n * 4 + c) * 25 + i];
        v = std::max(0.0F, v * bn.weight[c] + bn.bias[c]);
      }
    }
  }
  const Tensor pooled = naive_maxpool(y, 3, 2, 1);  // 2 x 4 x 3 x 3
  std::vector<float> gap(8);
  for (int i = 0; i < 8; ++i) {
    for (int k = 0; k < 9; ++k) gap[i] += pooled.data()[i * 9 + k] / 9.0F;
  }
  const LayerWeights& fc = runner.weights(5);
  const std::vector<float> want =
      naive_linear(gap, 2, 4, 3, to_vector(fc.weight), to_vector(fc.bias));
  const ConstTensorView out = runner.output();
  REQUIRE(out.size() == 6);
  CHECK(max_abs_diff(out.data, want.data(), 6) < 1e-4F);
}

TEST_CASE("runner: buffer reuse never changes results (YOLOv5s, RetinaFace, a small ViT)",
          "[unit]") {
  const zoo::ModelSpec models[] = {zoo::build_model("yolov5s", 64, 64),
                                   zoo::build_model("retinaface_mnet025", 64, 64), tiny_vit()};
  for (const zoo::ModelSpec& model : models) {
    INFO(model.name);
    RunnerOptions keep;
    keep.reuse_buffers = false;
    ModelRunner reuse(model);
    ModelRunner separate(model, keep);
    reuse.forward(2);
    separate.forward(2);
    CHECK(reuse.activation_bytes() < separate.activation_bytes());
    for (std::size_t k = 0; k < reuse.model().outputs.size(); ++k) {
      const ConstTensorView a = reuse.output(k);
      const ConstTensorView b = separate.output(k);
      REQUIRE(a.size() == b.size());
      CHECK(max_abs_diff(a.data, b.data, a.size()) == 0.0F);
      CHECK(all_finite(a));
    }
  }
}

TEST_CASE("memory plan: no two live tensors share a buffer", "[unit]") {
  const zoo::ModelSpec m = zoo::build_model("yolov5s", 64, 64);
  const MemoryPlan plan = plan_memory(m, 2);
  // Liveness computed here: layer j is live from its own step to its last reader (or forever).
  std::vector<std::size_t> last(m.layers.size());
  for (std::size_t j = 0; j < m.layers.size(); ++j) {
    last[j] = j;
    for (std::size_t i = j + 1; i < m.layers.size(); ++i) {
      for (const int from : m.layers[i].inputs) {
        if (from == static_cast<int>(j)) last[j] = i;
      }
    }
  }
  for (const int out : m.outputs) last[out] = m.layers.size();
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    CHECK(plan.buffer_elements[plan.buffer_of_layer[i]] >= 2 * m.layers[i].out.elements());
    for (std::size_t j = 0; j < i; ++j) {
      if (last[j] >= i) {
        INFO(m.layers[j].name << " still live at " << m.layers[i].name);
        CHECK(plan.buffer_of_layer[j] != plan.buffer_of_layer[i]);
      }
    }
  }
  CHECK(plan.buffer_elements.size() < m.layers.size() / 4);
}

TEST_CASE("runner: resnet18 at 32x32 runs, times every layer, is deterministic", "[unit]") {
  ModelRunner a(zoo::build_model("resnet18", 32, 32));
  const ForwardTiming t = a.forward(2);
  CHECK(t.batch == 2);
  REQUIRE(t.layer_ns.size() == a.model().layers.size());
  std::int64_t sum = 0;
  for (const std::int64_t ns : t.layer_ns) sum += ns;
  CHECK(t.total_ns >= sum);
  const ConstTensorView out = a.output();
  CHECK(out.n == 2);
  CHECK(out.c == 1000);
  CHECK(all_finite(out));
  const std::vector<float> first(out.data, out.data + out.size());
  a.forward(2);
  CHECK(max_abs_diff(out.data, first.data(), out.size()) == 0.0F);
  CHECK(a.time_layer(0) >= 0);
  CHECK_THROWS_AS(a.time_layer(10'000), std::out_of_range);
  // Same seed, same weights; another seed, other weights.
  const zoo::LayerSpec& conv1 = a.model().layers[0];
  CHECK(random_weights(conv1, 5).weight == random_weights(conv1, 5).weight);
  CHECK(random_weights(conv1, 5).weight != random_weights(conv1, 6).weight);
  RunnerOptions other;
  other.seed = 2;
  ModelRunner c(zoo::build_model("resnet18", 32, 32), other);
  c.forward(2);
  CHECK(max_abs_diff(first.data(), c.output().data, out.size()) > 0.0F);
}

TEST_CASE("runner: two GEMM threads give the same results as one", "[unit]") {
  RunnerOptions two;
  two.threads = 2;
  ModelRunner serial(zoo::build_model("mobilefacenet", 56, 56));
  ModelRunner parallel(zoo::build_model("mobilefacenet", 56, 56), two);
  serial.forward(2);
  parallel.forward(2);
  CHECK(serial.effective_threads() == 1);
  CHECK(parallel.effective_threads() == (openmp_enabled() ? 2 : 1));
  const ConstTensorView a = serial.output();
  const ConstTensorView b = parallel.output();
  float scale = 0.0F;
  for (std::int64_t i = 0; i < a.size(); ++i) scale = std::max(scale, std::abs(a.data[i]));
  CHECK(max_abs_diff(a.data, b.data, a.size()) <= 1e-5F * scale);
}

TEST_CASE("runner: bad options and unprepared use are reported", "[unit]") {
  RunnerOptions bad;
  bad.threads = 0;
  CHECK_THROWS_WITH(ModelRunner(zoo::build_model("resnet18", 32, 32), bad),
                    Catch::Contains("threads"));
  ModelRunner r(zoo::build_model("mobilefacenet", 56, 56));
  CHECK_THROWS_WITH(r.time_layer(0), Catch::Contains("prepare"));
  CHECK_THROWS_WITH(r.forward(0), Catch::Contains("batch must be >= 1"));
}

TEST_CASE("runner: resnet18 at 224x224, batch 1", "[slow]") {
  ModelRunner r(zoo::build_model("resnet18"));
  const ForwardTiming t = r.forward(1);
  CHECK(t.total_ns > 0);
  const ConstTensorView out = r.output();
  CHECK(out.c == 1000);
  CHECK(all_finite(out));
}
