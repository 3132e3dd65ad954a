// SPDX-License-Identifier: Apache-2.0
#include "calib/backends/cuda_backend.hpp"

#include "calib/store/cost_table_writer.hpp"
#include "calib/store/machine_info.hpp"
#include "calib/sweep/table_fits.hpp"
#include "kernels/cuda/cuda_calibration.hpp"
#include "kernels/cuda/cuda_environment.hpp"

#include <cstdio>
#include <stdexcept>

// Built only into servesim-cuda (calib/backends/CMakeLists.txt): the one place that loads CUDA.
namespace servesim::calib {

long run_cuda_backend(const CudaBackendRequest& request, ProgressDisplay& progress) {
  namespace cuda = kernels::cuda;
  const cuda::CudaEnvironment env = cuda::describe_cuda_environment(0);
  if (env.device_count < 1) {
    throw std::runtime_error("--backend cuda needs a CUDA GPU; none found (" +
                             env.no_device_reason + ")");
  }
  cuda::CudaCalibrationRequest cuda_request;
  if (request.quick) {
    cuda_request.models = {"resnet18", "mobilenetv2"};
    cuda_request.precisions = {"fp16"};
    cuda_request.batches = {1, 8, 32};
    cuda_request.copy_bytes = {65536, 602112, 4194304};
    cuda_request.timing = {2, 20};
    cuda_request.algo_search = cuda::ConvAlgoSearch::kHeuristic;
  }
  cuda::validate_request(cuda_request);

  CostTableInfo info;
  info.device = request.device.empty() ? "local-gpu" : request.device;
  info.name = request.table_name.empty() ? info.device + "-cuda-measured" : request.table_name;
  info.source = request.source;
  info.machine = env.device_name + " on " + machine_description().text();
  info.library_versions = base_library_versions() + "; " + env.library_versions();
  CostTableWriter writer = CostTableWriter::open(
      request.db_path, info,
      request.resume ? CostTableWriter::Mode::resume : CostTableWriter::Mode::replace);
  progress.note(env.report());

  long stored = 0;
  cuda::run_cuda_calibration(cuda_request, [&](const cuda::CudaProgress& p) {
    if (p.point == nullptr) {
      progress.note("calibrate: " + p.note);
      return;
    }
    CostPoint point;
    point.op = p.point->op;
    point.model = p.point->model;
    point.precision = p.point->precision;
    point.variant = p.point->variant;
    point.batch = p.point->batch;
    point.input_pixels = p.point->input_pixels;
    point.input_bytes = p.point->input_bytes;
    point.output_bytes = p.point->output_bytes;
    point.stats = CostPointStats::from_samples(p.point->samples_ns);
    point.power_w = p.point->power_w;
    point.source = p.point->source;
    const std::string label = describe_point_key(point);
    if (!writer.has_point(point)) {  // a resumed table keeps what it has
      writer.append(point);          // committed as measured
      ++stored;
    }
    char text[64];
    std::snprintf(text, sizeof text, "p50 %.3f ms", point.stats.p50_ns / 1e6);
    progress.done(p.done - 1, p.total, label, text);
  });
  write_table_fits(writer);
  progress.finish();
  return stored;
}

}  // namespace servesim::calib
