// SPDX-License-Identifier: Apache-2.0
// The GPU runner against the CPU runner (kernels/dnn), which holds the same weights and inputs
// for the same seed: every layer kind, the zoo's models at reduced resolution, both precisions.
#include "kernels/cuda/gpu_model_runner.hpp"

#include "kernels/dnn/model_runner.hpp"
#include "kernels/zoo/model_builder.hpp"
#include "kernels/zoo/model_zoo.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

using namespace servesim::kernels;
using namespace servesim::kernels::cuda;

namespace {

// Every layer kind of the zoo in one small graph.
zoo::ModelSpec all_kinds_model() {
  zoo::ModelBuilder b("all_kinds", "every layer kind", {3, 32, 32});
  auto x = b.conv(b.input(), "conv", 8, 3, 1, 1, 1, true);
  x = b.relu(b.batchnorm(x, "bn"), "relu");
  auto d = b.relu6(b.conv(x, "dw", 8, 3, 1, 1, 8), "relu6");
  auto l = b.leaky_relu(b.conv(x, "pw", 8, 1), "leaky", 0.1F);
  x = b.add(d, l, "add");
  x = b.prelu(x, "prelu");
  auto p = b.maxpool(x, "maxpool", 3, 2, 1);
  auto q = b.silu(b.avgpool(x, "avgpool", 2, 2), "silu");
  auto u = b.upsample(b.maxpool(p, "down", 2, 2), "up", 2);
  x = b.concat({p, q, u}, "concat");
  const auto pooled = b.global_avgpool(x, "gap");
  b.mark_output(b.softmax(b.linear(pooled, "fc", 10), "prob"));
  auto t = b.patch_embed(x, "patch", 4, 32);
  t = b.add(t, b.attention(b.layernorm(t, "norm1"), "attn", 4), "add1");
  t = b.add(t, b.linear(b.gelu(b.linear(t, "fc1", 64), "gelu"), "fc2", 32), "add2");
  b.mark_output(b.linear(b.take_token(b.layernorm(t, "norm"), "cls"), "head", 5));
  return b.finish();
}

// Largest |gpu - cpu| relative to the largest |cpu| (at least 1).
double relative_error(const std::vector<float>& gpu, const dnn::ConstTensorView& cpu) {
  REQUIRE(static_cast<std::int64_t>(gpu.size()) == cpu.size());
  double diff = 0;
  double scale = 1;
  for (std::size_t i = 0; i < gpu.size(); ++i) {
    REQUIRE(std::isfinite(gpu[i]));
    diff = std::max(diff, std::abs(static_cast<double>(gpu[i]) - cpu.data[i]));
    scale = std::max(scale, std::abs(static_cast<double>(cpu.data[i])));
  }
  return diff / scale;
}

void compare_with_cpu(const zoo::ModelSpec& model, GpuPrecision precision, std::int64_t batch,
                      double tolerance) {
  INFO(model.name << " " << precision_name(precision) << " batch " << batch);
  dnn::ModelRunner cpu(model);
  cpu.forward(batch);
  GpuRunnerOptions options;
  options.precision = precision;
  GpuModelRunner gpu(model, options);
  gpu.forward(batch);
  for (std::size_t k = 0; k < model.outputs.size(); ++k) {
    const double error = relative_error(gpu.output(k), cpu.output(k));
    INFO("output " << k << ": relative error " << error);
    CHECK(error <= tolerance);
  }
}

}  // namespace

TEST_CASE("GPU runner: every layer kind equals the CPU runner (fp32)", "[gpu]") {
  compare_with_cpu(all_kinds_model(), GpuPrecision::kFp32, 3, 2e-3);
}

TEST_CASE("GPU runner: every layer kind is close to the CPU runner (fp16)", "[gpu]") {
  compare_with_cpu(all_kinds_model(), GpuPrecision::kFp16, 3, 5e-2);
}

TEST_CASE("GPU runner: zoo models at reduced resolution equal the CPU runner (fp32)", "[gpu]") {
  for (const zoo::ZooEntry& e : zoo::zoo_entries()) {
    const std::int64_t size = e.name == "mobilefacenet" ? 112 : 64;
    compare_with_cpu(zoo::build_model(e.name, size, size), GpuPrecision::kFp32, 2, 2e-3);
  }
}

TEST_CASE("GPU runner: one positive sample per repeat and layer (times printed)", "[gpu]") {
  for (const GpuPrecision precision : {GpuPrecision::kFp32, GpuPrecision::kFp16}) {
    GpuRunnerOptions options;
    options.precision = precision;
    GpuModelRunner runner(zoo::build_model("resnet50"), options);
    const std::vector<double> forward = runner.time_forward(8, {2, 10});
    REQUIRE(forward.size() == 10);
    for (const double ns : forward) CHECK(ns > 0);
    const auto layers = runner.time_layers(8, {1, 5});
    REQUIRE(layers.size() == runner.model().layers.size());
    double layer_sum = 0;
    for (const auto& samples : layers) {
      REQUIRE(samples.size() == 5);
      layer_sum += *std::min_element(samples.begin(), samples.end());
    }
    const double best = *std::min_element(forward.begin(), forward.end());
    std::printf("resnet50 %s batch 8: forward %.3f ms, sum of layers %.3f ms, %zu MiB\n",
                std::string(precision_name(precision)).c_str(), best / 1e6, layer_sum / 1e6,
                runner.device_bytes() >> 20);
    CHECK(layer_sum > 0);
    const auto algorithms = runner.conv_algorithms();
    CHECK(std::count_if(algorithms.begin(), algorithms.end(),
                        [](const std::string& a) { return !a.empty(); }) == 53);
  }
}

TEST_CASE("GPU runner: bad batch and unknown device are reported", "[gpu]") {
  GpuModelRunner runner(zoo::build_model("resnet18", 32, 32));
  CHECK_THROWS_AS(runner.prepare(0), std::invalid_argument);
  GpuRunnerOptions options;
  options.device = 1000;
  CHECK_THROWS_WITH(GpuModelRunner(zoo::build_model("resnet18", 32, 32), options),
                    Catch::Contains("does not exist"));
}
