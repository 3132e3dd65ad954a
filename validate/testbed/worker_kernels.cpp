// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/worker_kernels.hpp"

#include "kernels/preprocess/crop.hpp"
#include "kernels/preprocess/normalize.hpp"
#include "kernels/preprocess/resize.hpp"
#include "kernels/zoo/model_zoo.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace servesim::validate {

WorkerKernels::WorkerKernels(const sim::Topology& topology, const TestbedPlan& plan,
                             std::uint64_t seed)
    : topology_(topology), fanout_after_(topology.stages.size(), false) {
  for (std::size_t i = topology.stages.size(); i-- > 1;) {
    fanout_after_[i - 1] = fanout_after_[i] || topology.stages[i].op == sim::StageOp::kFanout;
  }
  for (std::size_t i = 0; i < topology.stages.size(); ++i) {
    const sim::StageSpec& s = topology.stages[i];
    if (s.op != sim::StageOp::kInfer) continue;
    const kernels::ImageSize in = plan.size_after[i];
    for (int b = 1; b <= s.batching.max_batch; ++b) {
      kernels::dnn::RunnerOptions options;
      options.seed = seed + i;  // the same weights on every worker
      options.threads = 1;      // one core per call, as the topology's cpu pool says
      auto runner = std::make_unique<kernels::dnn::ModelRunner>(
          kernels::zoo::build_model(s.model, in.height_px, in.width_px), options);
      runner->prepare(b);
      runner->forward(b);  // warm-up: page faults and caches out of the measurement
      runners_[{i, b}] = std::move(runner);
    }
  }
}

kernels::dnn::ModelRunner& WorkerKernels::runner(std::size_t stage, int batch) {
  const auto it = runners_.find({stage, batch});
  if (it == runners_.end()) {
    throw std::logic_error("testbed: no model instance for stage " + topology_.stages[stage].name +
                           " at batch " + std::to_string(batch));
  }
  return *it->second;
}

void WorkerKernels::run_stage(std::size_t stage, ServerRequest& r) {
  const sim::StageSpec& s = topology_.stages[stage];
  switch (s.op) {
    case sim::StageOp::kJpegDecode: {
      // Shared: a fan-out's children crop their boxes out of it.
      std::shared_ptr<kernels::Image> decoded = decode_buffers_.acquire();
      decoder_.decode_rgb_into(r.jpeg, *decoded, "request " + std::to_string(r.id));
      r.decoded = std::move(decoded);
      r.image = kernels::Image();
      break;
    }
    case sim::StageOp::kResize:
      r.image = kernels::resize(
          r.current(), {s.out_width_px, s.out_height_px},
          s.variant == "area" ? kernels::ResizeMethod::kArea : kernels::ResizeMethod::kBilinear);
      break;
    case sim::StageOp::kCrop:
      // A child item crops its own box out of the decoded image; a request, its centre.
      r.image = r.is_child && r.decoded && r.image.empty()
                    ? kernels::crop(*r.decoded, r.box)
                    : kernels::centre_crop(r.current(), {s.out_width_px, s.out_height_px});
      break;
    case sim::StageOp::kNormalize:
      kernels::normalize_to_chw_into(r.current(), kernels::NormalizeParams::imagenet(), r.tensor);
      break;
    case sim::StageOp::kInfer:
      run_batch(stage, {&r});  // releases the spent buffers itself
      return;
    case sim::StageOp::kPostprocess: {
      const int k = std::min<int>(5, static_cast<int>(r.logits.size()));
      if (k == 0) throw std::runtime_error("stage " + s.name + ": no model output to postprocess");
      calib::softmax_top_k(r.logits, k, scratch_, top_);
      r.reply.resize(top_.size() * 8);
      for (std::size_t j = 0; j < top_.size(); ++j) {
        std::memcpy(r.reply.data() + 8 * j, &top_[j].class_index, 4);
        std::memcpy(r.reply.data() + 8 * j + 4, &top_[j].probability, 4);
      }
      break;
    }
    default:
      throw std::logic_error("testbed: stage " + s.name + " is not a cpu stage");
  }
  release_spent_buffers(stage, r);
}

void WorkerKernels::release_spent_buffers(std::size_t stage, ServerRequest& r) const {
  switch (topology_.stages[stage].op) {
    case sim::StageOp::kJpegDecode:
      std::vector<std::uint8_t>().swap(r.jpeg);
      break;
    case sim::StageOp::kNormalize:
      r.image = kernels::Image();  // the tensor is the payload from here on
      break;
    case sim::StageOp::kInfer:
      r.tensor = kernels::TensorChw();
      break;
    default:
      break;
  }
  // The stage after decode reads the decoded image; after that only a fan-out's crops do. Released,
  // the buffer goes back to its worker's pool.
  if (topology_.stages[stage].op != sim::StageOp::kJpegDecode && !fanout_after_[stage]) {
    r.decoded.reset();
  }
}

void WorkerKernels::run_batch(std::size_t stage, const std::vector<ServerRequest*>& batch) {
  const int b = static_cast<int>(batch.size());
  kernels::dnn::ModelRunner& model = runner(stage, b);
  const kernels::dnn::TensorView input = model.input();
  for (int n = 0; n < b; ++n) {
    const kernels::TensorChw& t = batch[static_cast<std::size_t>(n)]->tensor;
    if (static_cast<std::int64_t>(t.element_count()) != input.sample_size()) {
      throw std::runtime_error("stage " + topology_.stages[stage].name + ": input of request " +
                               std::to_string(batch[static_cast<std::size_t>(n)]->id) + " has " +
                               std::to_string(t.element_count()) + " values, the model takes " +
                               std::to_string(input.sample_size()));
    }
    std::memcpy(input.sample(n), t.data(), t.size_bytes());
  }
  model.forward(b);
  const kernels::dnn::ConstTensorView out = model.output(0);
  for (int n = 0; n < b; ++n) {
    const float* first = out.sample(n);
    ServerRequest& r = *batch[static_cast<std::size_t>(n)];
    r.logits.assign(first, first + out.sample_size());
    release_spent_buffers(stage, r);
  }
}

}  // namespace servesim::validate
