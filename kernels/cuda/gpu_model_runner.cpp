// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/gpu_model_runner.hpp"

#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/cudnn_util.hpp"
#include "kernels/cuda/device_memory.hpp"
#include "kernels/cuda/gpu_layer.hpp"
#include "kernels/cuda/layer_kernels.hpp"
#include "kernels/dnn/layer_weights.hpp"
#include "kernels/dnn/memory_plan.hpp"

#include <stdexcept>
#include <utility>

namespace servesim::kernels::cuda {

struct GpuModelRunner::Impl {
  Impl(zoo::ModelSpec m, const GpuRunnerOptions& o)
      : model(std::move(m)), options(o), handles(stream.get()) {
    layers.reserve(model.layers.size());
    for (std::size_t i = 0; i < model.layers.size(); ++i) {
      // The CPU runner's seeds (kernels/dnn/model_runner.cpp), so both hold the same weights.
      const dnn::LayerWeights w = dnn::random_weights(model.layers[i], options.seed + i * 7919);
      layers.emplace_back(model.layers[i], w, options.precision, stream.get());
      weight_bytes += static_cast<std::size_t>(w.count()) * sizeof(float);
    }
  }

  std::size_t bytes(std::int64_t elements) const {
    return static_cast<std::size_t>(elements) * element_bytes(options.precision);
  }

  void prepare(std::int64_t new_batch);
  void enqueue_layer(std::size_t i) { layers[i].run(handles, layer_inputs[i], layer_outputs[i]); }
  void enqueue_forward() {
    for (std::size_t i = 0; i < layers.size(); ++i) enqueue_layer(i);
  }

  zoo::ModelSpec model;
  GpuRunnerOptions options;
  CudaStream stream;
  GpuHandles handles;
  std::vector<GpuLayer> layers;
  ConvChoiceCache conv_cache;
  std::size_t weight_bytes = 0;
  std::int64_t batch = 0;
  DeviceBuffer input;
  std::vector<DeviceBuffer> buffers;
  DeviceBuffer workspace, qkv, scores, context, patches;
  std::vector<std::vector<const void*>> layer_inputs;
  std::vector<void*> layer_outputs;
};

void GpuModelRunner::Impl::prepare(std::int64_t new_batch) {
  if (new_batch < 1) {
    throw std::invalid_argument("GpuModelRunner '" + model.name + "': batch must be >= 1, got " +
                                std::to_string(new_batch));
  }
  batch = 0;  // stays 0 if anything below throws
  const zoo::Shape& in = model.input;
  std::vector<float> values(static_cast<std::size_t>(new_batch * in.elements()));
  dnn::fill_uniform(values.data(), static_cast<std::int64_t>(values.size()), -1.0F, 1.0F,
                    options.seed ^ 0xC0FFEEULL);  // as the CPU runner
  input = DeviceBuffer();
  buffers.clear();
  input = DeviceBuffer(bytes(new_batch * in.elements()));
  DeviceBuffer staging(values.size() * sizeof(float));
  check_cuda(cudaMemcpy(staging.data(), values.data(), values.size() * sizeof(float),
                        cudaMemcpyHostToDevice),
             "input upload");
  if (options.precision == GpuPrecision::kFp16) {
    float_to_half_device(staging.as<float>(), input.data(), new_batch * in.elements(),
                         stream.get());
  } else {
    check_cuda(cudaMemcpyAsync(input.data(), staging.data(), staging.size_bytes(),
                               cudaMemcpyDeviceToDevice, stream.get()),
               "input copy");
  }
  stream.synchronize();

  const dnn::MemoryPlan plan = dnn::plan_memory(model, new_batch, options.reuse_buffers);
  for (const std::int64_t elements : plan.buffer_elements) buffers.emplace_back(bytes(elements));

  ScratchNeeds needs;
  for (GpuLayer& layer : layers)
    needs.merge(layer.prepare(handles, new_batch, options, conv_cache));
  workspace.reserve(needs.workspace);
  qkv.reserve(needs.qkv);
  scores.reserve(needs.scores);
  context.reserve(needs.context);
  patches.reserve(needs.patches);
  const GpuScratch scratch{workspace.data(), workspace.size_bytes(), qkv.data(),
                           scores.data(),    context.data(),         patches.data()};

  layer_inputs.assign(layers.size(), {});
  layer_outputs.assign(layers.size(), nullptr);
  for (std::size_t i = 0; i < layers.size(); ++i) {
    layers[i].bind(scratch, stream.get());
    for (const int from : model.layers[i].inputs) {
      layer_inputs[i].push_back(
          from < 0 ? input.data()
                   : buffers[static_cast<std::size_t>(plan.buffer_of_layer[from])].data());
    }
    layer_outputs[i] = buffers[static_cast<std::size_t>(plan.buffer_of_layer[i])].data();
  }
  batch = new_batch;
}

GpuModelRunner::GpuModelRunner(zoo::ModelSpec model, GpuRunnerOptions options) {
  require_cuda_device(options.device);
  zoo::validate_model(model);
  impl_ = std::make_unique<Impl>(std::move(model), options);
}

GpuModelRunner::~GpuModelRunner() = default;
GpuModelRunner::GpuModelRunner(GpuModelRunner&&) noexcept = default;
GpuModelRunner& GpuModelRunner::operator=(GpuModelRunner&&) noexcept = default;

const zoo::ModelSpec& GpuModelRunner::model() const { return impl_->model; }
const GpuRunnerOptions& GpuModelRunner::options() const { return impl_->options; }
std::int64_t GpuModelRunner::batch() const { return impl_->batch; }

void GpuModelRunner::prepare(std::int64_t batch) { impl_->prepare(batch); }

void GpuModelRunner::forward(std::int64_t batch) {
  if (batch != impl_->batch) impl_->prepare(batch);
  impl_->enqueue_forward();
  impl_->stream.synchronize();
}

std::vector<double> GpuModelRunner::time_forward(std::int64_t batch, const TimingOptions& timing) {
  check_timing_options(timing);
  if (batch != impl_->batch) impl_->prepare(batch);
  for (int i = 0; i < timing.warmup; ++i) impl_->enqueue_forward();
  impl_->stream.synchronize();
  const CudaEvent start;
  const CudaEvent stop;
  std::vector<double> samples;
  samples.reserve(static_cast<std::size_t>(timing.repeats));
  for (int r = 0; r < timing.repeats; ++r) {
    start.record(impl_->stream.get());
    impl_->enqueue_forward();
    stop.record(impl_->stream.get());
    samples.push_back(elapsed_ns(start, stop));
  }
  return samples;
}

std::vector<std::vector<double>> GpuModelRunner::time_layers(std::int64_t batch,
                                                             const TimingOptions& timing) {
  check_timing_options(timing);
  if (batch != impl_->batch) impl_->prepare(batch);
  for (int i = 0; i < timing.warmup; ++i) impl_->enqueue_forward();
  impl_->stream.synchronize();
  const std::size_t count = impl_->layers.size();
  std::vector<CudaEvent> events(count + 1);
  std::vector<std::vector<double>> samples(count);
  for (int r = 0; r < timing.repeats; ++r) {
    events[0].record(impl_->stream.get());
    for (std::size_t i = 0; i < count; ++i) {
      impl_->enqueue_layer(i);
      events[i + 1].record(impl_->stream.get());
    }
    for (std::size_t i = 0; i < count; ++i)
      samples[i].push_back(elapsed_ns(events[i], events[i + 1]));
  }
  return samples;
}

std::vector<float> GpuModelRunner::output(std::size_t k) const {
  const Impl& m = *impl_;
  if (m.batch < 1) {
    throw std::logic_error("GpuModelRunner '" + m.model.name + "': output() needs forward() first");
  }
  const int layer = m.model.outputs.at(k);
  const std::int64_t count =
      m.batch * m.model.layers[static_cast<std::size_t>(layer)].out.elements();
  const void* source = m.layer_outputs[static_cast<std::size_t>(layer)];
  DeviceBuffer converted;
  if (m.options.precision == GpuPrecision::kFp16) {
    converted = DeviceBuffer(static_cast<std::size_t>(count) * sizeof(float));
    half_to_float_device(source, converted.as<float>(), count, m.stream.get());
    source = converted.data();
  }
  std::vector<float> values(static_cast<std::size_t>(count));
  m.stream.synchronize();
  check_cuda(
      cudaMemcpy(values.data(), source, values.size() * sizeof(float), cudaMemcpyDeviceToHost),
      "output download");
  return values;
}

std::vector<std::string> GpuModelRunner::conv_algorithms() const {
  std::vector<std::string> names;
  for (const GpuLayer& layer : impl_->layers) names.push_back(layer.algorithm());
  return names;
}

std::size_t GpuModelRunner::device_bytes() const {
  const Impl& m = *impl_;
  std::size_t total = m.weight_bytes + m.input.size_bytes() + m.workspace.size_bytes() +
                      m.qkv.size_bytes() + m.scores.size_bytes() + m.context.size_bytes() +
                      m.patches.size_bytes();
  for (const DeviceBuffer& b : m.buffers) total += b.size_bytes();
  return total;
}

}  // namespace servesim::kernels::cuda
