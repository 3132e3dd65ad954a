// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/costs/cost_model.hpp"
#include "sim/engine/engine.hpp"
#include "sim/serving/request.hpp"
#include "sim/serving/server_replica.hpp"
#include "sim/serving/serving_config.hpp"
#include "sim/serving/serving_result.hpp"
#include "sim/serving/stage_runtime.hpp"
#include "sim/serving/static_bound.hpp"
#include "sim/stats/batch_means.hpp"
#include "sim/stats/window_rate.hpp"
#include "sim/workload/image_class.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace servesim::sim {

/// Observes one serving run and assembles its result: latencies and rates over the measured
/// window, time per category and per stage, the recorded requests and stages, and each pool's
/// utilisation and energy at the window's end.
class MetricsCollector {
 public:
  MetricsCollector(const ServingConfig& config, const CostModel& costs,
                   const std::vector<ImageClass>& classes,
                   const std::vector<std::unique_ptr<StageRuntime>>& stages,
                   const std::vector<std::unique_ptr<ServerReplica>>& replicas);
  MetricsCollector(const MetricsCollector&) = delete;
  MetricsCollector& operator=(const MetricsCollector&) = delete;

  SimTime warmup_end_ns() const { return warmup_end_ns_; }
  SimTime end_ns() const { return end_ns_; }
  /// A request arriving at `arrival_ns` counts in the statistics.
  bool measured(SimTime arrival_ns) const {
    return arrival_ns >= warmup_end_ns_ && arrival_ns < end_ns_;
  }
  /// Schedules the window's two edges: the replicas' statistics restart at the warm-up's end;
  /// utilisation, energy and batch counts are read at the window's end.
  void schedule_window(Engine& engine);

  /// True if a request starting now gets its request and stage records kept.
  bool keeps_records(const Request& request) const {
    return request.measured && recorded_requests_ < config_.record_requests;
  }
  /// An item left stage `stage`: it entered at `enter_ns`, its service ran [start_ns, end_ns).
  void stage_done(const Request& item, std::size_t stage, SimTime enter_ns, SimTime start_ns,
                  SimTime end_ns, int batch_size, bool record);
  /// A request reached a fan-out and emitted `items` children.
  void fanned_out(const Request& parent, int items);
  /// A fan-out's child item finished at `now_ns`.
  void item_done(const Request& item, std::int64_t parent_id, SimTime now_ns, bool record);
  /// A request finished at `now_ns`.
  void request_done(const Request& request, SimTime now_ns, bool record);

  /// The run's result, once every request has finished; call once.
  ServingResult result(const StaticBound& bound, double offered_rps, std::uint64_t events);

 private:
  static void on_warmup_end(void* self, std::uint64_t);
  static void on_window_end(void* self, std::uint64_t);
  /// Each pool's utilisation, power and energy over the window.
  void read_pools();
  void add_request_record(const Request& request, std::int64_t parent_id, SimTime now_ns);

  const ServingConfig& config_;
  const CostModel& costs_;
  const std::vector<ImageClass>& classes_;
  const std::vector<std::unique_ptr<StageRuntime>>& stages_;
  const std::vector<std::unique_ptr<ServerReplica>>& replicas_;
  SimTime warmup_end_ns_;
  SimTime end_ns_;
  std::size_t recorded_requests_ = 0;
  BatchMeansRecorder latency_;
  std::uint64_t fanout_parents_ = 0;  // measured requests that reached a fan-out
  std::uint64_t fanout_items_ = 0;    // children they emitted
  WindowRate completed_;              // requests completed in the measured window
  WindowRate items_completed_;        // fan-out topologies: child items completed in it
  BatchMeansRecorder item_latency_;   // child items: parent's arrival to the item's completion
  std::array<double, kCategoryCount> category_ns_{};
  std::vector<double> stage_queue_ns_;
  std::vector<double> stage_service_ns_;
  ServingResult result_;
};

}  // namespace servesim::sim
