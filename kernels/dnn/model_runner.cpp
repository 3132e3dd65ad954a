// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/model_runner.hpp"

#include "kernels/dnn/cpu_env.hpp"

#include <Eigen/Core>

#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>

namespace servesim::kernels::dnn {
namespace {

std::int64_t elapsed_ns(std::chrono::steady_clock::time_point from,
                        std::chrono::steady_clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(to - from).count();
}

}  // namespace

ModelRunner::ModelRunner(zoo::ModelSpec model, RunnerOptions options)
    : model_(std::move(model)), options_(options) {
  zoo::validate_model(model_);
  if (options_.threads < 1) {
    throw std::invalid_argument("ModelRunner: threads must be >= 1, got " +
                                std::to_string(options_.threads));
  }
  weights_.reserve(model_.layers.size());
  for (std::size_t i = 0; i < model_.layers.size(); ++i) {
    weights_.push_back(random_weights(model_.layers[i], options_.seed + i * 7919));
  }
}

void ModelRunner::prepare(std::int64_t batch) {
  if (batch < 1) {
    throw std::invalid_argument("ModelRunner '" + model_.name + "': batch must be >= 1, got " +
                                std::to_string(batch));
  }
  const zoo::Shape& in = model_.input;
  input_ = Tensor(batch, in.c, in.h, in.w);
  fill_uniform(input_.data(), input_.size(), -1.0F, 1.0F, options_.seed ^ 0xC0FFEEULL);
  plan_ = plan_memory(model_, batch, options_.reuse_buffers);
  // Zero-filled now, so that page faults happen here and not inside a timed run.
  buffers_.assign(plan_.buffer_elements.size(), {});
  for (std::size_t b = 0; b < buffers_.size(); ++b) {
    buffers_[b].assign(static_cast<std::size_t>(plan_.buffer_elements[b]), 0.0F);
  }
  for (const zoo::LayerSpec& layer : model_.layers) reserve_scratch(layer, scratch_);
  batch_ = batch;
}

TensorView ModelRunner::buffer_view(int producer) {
  if (producer < 0) return input_.view();
  const zoo::Shape& s = model_.layers[producer].out;
  return {buffers_[plan_.buffer_of_layer[producer]].data(), batch_, s.c, s.h, s.w};
}

ConstTensorView ModelRunner::buffer_view(int producer) const {
  if (producer < 0) return input_.view();
  const zoo::Shape& s = model_.layers[producer].out;
  return {buffers_[plan_.buffer_of_layer[producer]].data(), batch_, s.c, s.h, s.w};
}

void ModelRunner::run(std::size_t index) {
  const zoo::LayerSpec& layer = model_.layers[index];
  inputs_.clear();
  for (const int from : layer.inputs) inputs_.push_back(as_const(buffer_view(from)));
  run_layer(layer, weights_[index], inputs_, buffer_view(static_cast<int>(index)), scratch_);
}

void ModelRunner::require_prepared(const char* what) const {
  if (batch_ < 1) {
    throw std::logic_error(std::string("ModelRunner '") + model_.name + "': " + what +
                           " needs prepare() or forward() first");
  }
}

ForwardTiming ModelRunner::forward(std::int64_t batch) {
  if (batch != batch_ || batch < 1) prepare(batch);  // prepare() rejects batch < 1
  const CpuEnvGuard env(options_.threads, options_.flush_denormals);
  ForwardTiming timing;
  timing.batch = batch;
  timing.layer_ns.resize(model_.layers.size());
  const auto start = std::chrono::steady_clock::now();
  auto before = start;
  for (std::size_t i = 0; i < model_.layers.size(); ++i) {
    run(i);
    const auto after = std::chrono::steady_clock::now();
    timing.layer_ns[i] = elapsed_ns(before, after);
    before = after;
  }
  timing.total_ns = elapsed_ns(start, before);
  return timing;
}

std::int64_t ModelRunner::time_layer(std::size_t index) {
  require_prepared("time_layer");
  if (index >= model_.layers.size()) {
    throw std::out_of_range("ModelRunner '" + model_.name + "': no layer " + std::to_string(index) +
                            " (model has " + std::to_string(model_.layers.size()) + ")");
  }
  const CpuEnvGuard env(options_.threads, options_.flush_denormals);
  const auto start = std::chrono::steady_clock::now();
  run(index);
  return elapsed_ns(start, std::chrono::steady_clock::now());
}

TensorView ModelRunner::input() {
  require_prepared("input");
  return input_.view();
}

ConstTensorView ModelRunner::output(std::size_t k) const {
  require_prepared("output");
  return buffer_view(model_.outputs.at(k));
}

ConstTensorView ModelRunner::layer_output(std::size_t index) const {
  require_prepared("layer_output");
  if (index >= model_.layers.size()) {
    throw std::out_of_range("ModelRunner '" + model_.name + "': no layer " + std::to_string(index));
  }
  return buffer_view(static_cast<int>(index));
}

std::int64_t ModelRunner::activation_bytes() const {
  return (input_.size() + plan_.total_elements()) * static_cast<std::int64_t>(sizeof(float));
}

int ModelRunner::effective_threads() const {
  const CpuEnvGuard env(options_.threads, false);
  return Eigen::nbThreads();
}

}  // namespace servesim::kernels::dnn
