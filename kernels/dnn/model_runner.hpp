// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/dnn/layer_executor.hpp"
#include "kernels/dnn/layer_weights.hpp"
#include "kernels/dnn/memory_plan.hpp"
#include "kernels/dnn/tensor.hpp"
#include "kernels/zoo/model_spec.hpp"

#include <cstdint>
#include <vector>

namespace servesim::kernels::dnn {

struct RunnerOptions {
  std::uint64_t seed = 1;  ///< weights and input values; timing does not depend on them
  /// Threads of Eigen's GEMMs (OpenMP, set with Eigen::setNbThreads before every run; the
  /// setting is process-wide). Other kernels run on the calling thread. 1 = reproducible
  /// single-core numbers. Without OpenMP at build time Eigen is single-threaded whatever this says.
  int threads = 1;
  /// Flush denormals to zero during runs (as inference engines do) so that timing cannot depend
  /// on the random values.
  bool flush_denormals = true;
  /// Reuse activation buffers (an arena); false keeps every layer's output for inspection.
  bool reuse_buffers = true;
};

/// Wall time of one forward pass (std::chrono::steady_clock).
struct ForwardTiming {
  std::int64_t batch = 0;
  std::vector<std::int64_t> layer_ns;  ///< one per layer, ModelSpec order
  std::int64_t total_ns = 0;           ///< start of the first layer to the end of the last
};

/// Instantiates a zoo model with deterministic random weights and runs it on the CPU, timing
/// every layer. Usage: ModelRunner r(zoo::build_model("resnet50")); r.forward(1); // warm-up
/// then auto t = r.forward(1);
class ModelRunner {
 public:
  explicit ModelRunner(zoo::ModelSpec model, RunnerOptions options = {});

  const zoo::ModelSpec& model() const { return model_; }
  const RunnerOptions& options() const { return options_; }

  /// Allocates activations and scratch for `batch` samples and fills the input with random
  /// values. forward() calls it when the batch size changes; call it first to keep the
  /// allocation out of the first timed run.
  void prepare(std::int64_t batch);
  std::int64_t batch() const { return batch_; }

  /// Runs every layer in order on the current input; returns per-layer and total wall time.
  ForwardTiming forward(std::int64_t batch);

  /// Runs layer `index` alone on whatever its input buffers hold; returns its wall time in ns.
  /// The model must have been prepared (or run) at this batch size.
  std::int64_t time_layer(std::size_t index);

  /// The model input (N x C x H x W) of the prepared batch; write real data here if wanted.
  TensorView input();
  /// Output `k` of ModelSpec::outputs after a forward pass.
  ConstTensorView output(std::size_t k = 0) const;
  /// Any layer's output; meaningful after forward() only with reuse_buffers = false (or for the
  /// outputs and the last layers).
  ConstTensorView layer_output(std::size_t index) const;
  const LayerWeights& weights(std::size_t index) const { return weights_.at(index); }
  /// Activation memory of the prepared batch (input + planned buffers), bytes.
  std::int64_t activation_bytes() const;
  /// Threads Eigen reports after applying the option (1 when built without OpenMP).
  int effective_threads() const;

 private:
  TensorView buffer_view(int producer);
  ConstTensorView buffer_view(int producer) const;
  void run(std::size_t index);
  void require_prepared(const char* what) const;

  zoo::ModelSpec model_;
  RunnerOptions options_;
  std::vector<LayerWeights> weights_;
  std::int64_t batch_ = 0;
  Tensor input_;
  MemoryPlan plan_;
  std::vector<FloatBuffer> buffers_;
  LayerScratch scratch_;
  std::vector<ConstTensorView> inputs_;  // reused argument list, no allocation per layer
};

}  // namespace servesim::kernels::dnn
