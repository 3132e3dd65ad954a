// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/sweep/classification_postprocess.hpp"
#include "kernels/dnn/model_runner.hpp"
#include "kernels/preprocess/jpeg_codec.hpp"
#include "sim/topology/topology.hpp"

#include "validate/testbed/image_buffer_pool.hpp"
#include "validate/testbed/server_request.hpp"
#include "validate/testbed/testbed_plan.hpp"
#include <map>
#include <memory>
#include <utility>
#include <vector>

namespace servesim::validate {

/// What one cpu worker thread needs to run the topology's stages with the real kernels: its own
/// JPEG decoder and its own model instances, one per infer stage and batch size, built and warmed
/// up before the run so that neither allocation nor first-touch is measured. Not thread-safe:
/// one per worker.
class WorkerKernels {
 public:
  /// Weights are random (seeded): outputs are meaningless, timings are real.
  WorkerKernels(const sim::Topology& topology, const TestbedPlan& plan, std::uint64_t seed);

  /// Runs non-batched stage `stage` on the request's payload (decode, resize, crop, normalize,
  /// infer at batch 1, postprocess), then frees what no later stage reads: a server that kept a
  /// queued request's JPEG, decoded image and resized copy would grow by megabytes per queued
  /// request under load and pay for fresh pages, a cost the model rightly does not have.
  void run_stage(std::size_t stage, ServerRequest& request);
  /// Runs infer stage `stage` on a batch: inputs copied into the batch tensor, one forward pass,
  /// each item's output copied back.
  void run_batch(std::size_t stage, const std::vector<ServerRequest*>& batch);

 private:
  kernels::dnn::ModelRunner& runner(std::size_t stage, int batch);
  void release_spent_buffers(std::size_t stage, ServerRequest& request) const;

  const sim::Topology& topology_;
  kernels::JpegDecoder decoder_;
  ImageBufferPool decode_buffers_;
  std::vector<bool> fanout_after_;  // [stage]: a later stage fans out (it crops the decoded image)
  std::map<std::pair<std::size_t, int>, std::unique_ptr<kernels::dnn::ModelRunner>> runners_;
  std::vector<float> scratch_;
  std::vector<calib::ClassScore> top_;
};

}  // namespace servesim::validate
