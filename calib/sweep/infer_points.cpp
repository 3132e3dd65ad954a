// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/infer_points.hpp"

#include "kernels/dnn/cpu_env.hpp"
#include "kernels/dnn/model_runner.hpp"
#include "kernels/zoo/model_zoo.hpp"

#include <memory>
#include <stdexcept>

namespace servesim::calib {
namespace {

namespace dnn = kernels::dnn;
namespace zoo = kernels::zoo;

/// The runner of the model measured last: batch sizes of one model reuse its weights, and a new
/// model lets the previous one's go (once no run of it is alive).
struct RunnerCache {
  std::string model;
  std::shared_ptr<dnn::ModelRunner> runner;

  std::shared_ptr<dnn::ModelRunner> get(const std::string& name) {
    if (model != name || !runner) {
      runner.reset();
      dnn::RunnerOptions options;
      options.threads = 1;
      runner = std::make_shared<dnn::ModelRunner>(zoo::build_model(name), options);
      model = name;
    }
    return runner;
  }
};

}  // namespace

std::string dnn_library_version() { return dnn::kernel_build_info(); }

std::vector<SweepPoint> infer_points(const std::vector<std::string>& models,
                                     const std::vector<int>& batches) {
  auto cache = std::make_shared<RunnerCache>();
  std::vector<SweepPoint> points;
  for (const std::string& name : models) {
    const zoo::ModelSpec spec = zoo::build_model(name);  // throws for an unknown name
    std::int64_t output_elements = 0;
    for (int index : spec.outputs) {
      output_elements += spec.layers.at(static_cast<std::size_t>(index)).out.elements();
    }
    for (int batch : batches) {
      if (batch < 1) {
        throw std::invalid_argument("infer batch size " + std::to_string(batch) +
                                    " must be at least 1");
      }
      SweepPoint p;
      p.key.op = "infer";
      p.key.model = name;
      p.key.precision = "fp32";
      p.key.batch = batch;
      p.key.input_pixels = spec.input.h * spec.input.w;
      p.key.input_bytes = 0;
      p.key.output_bytes = output_elements * 4;
      p.key.threads = 1;
      p.key.source = "forward pass of zoo '" + name + "' (" + to_string(spec.input) +
                     " fp32 input) on the Eigen CPU layers, 1 thread, random weights";
      p.label = "infer " + name + " batch " + std::to_string(batch);
      p.prepare = [cache, name, batch]() -> std::function<void()> {
        std::shared_ptr<dnn::ModelRunner> runner = cache->get(name);
        runner->prepare(batch);
        return [runner, batch] { runner->forward(batch); };
      };
      points.push_back(std::move(p));
    }
  }
  return points;
}

}  // namespace servesim::calib
