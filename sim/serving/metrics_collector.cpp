// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/metrics_collector.hpp"

#include "sim/serving/power_model.hpp"
#include "sim/serving/window_summary.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

namespace servesim::sim {

MetricsCollector::MetricsCollector(const ServingConfig& config, const CostModel& costs,
                                   const std::vector<ImageClass>& classes,
                                   const std::vector<std::unique_ptr<StageRuntime>>& stages,
                                   const std::vector<std::unique_ptr<ServerReplica>>& replicas)
    : config_(config),
      costs_(costs),
      classes_(classes),
      stages_(stages),
      replicas_(replicas),
      warmup_end_ns_(duration_from_s(config.effective_warmup_s())),
      end_ns_(duration_from_s(config.duration_s)),
      completed_(warmup_end_ns_, end_ns_),
      items_completed_(warmup_end_ns_, end_ns_),
      stage_queue_ns_(stages.size(), 0.0),
      stage_service_ns_(stages.size(), 0.0) {}

void MetricsCollector::schedule_window(Engine& engine) {
  engine.schedule_at(warmup_end_ns_, &MetricsCollector::on_warmup_end, this);
  engine.schedule_at(end_ns_, &MetricsCollector::on_window_end, this);
}

void MetricsCollector::stage_done(const Request& item, std::size_t stage, SimTime enter_ns,
                                  SimTime start_ns, SimTime end_ns, int batch_size, bool record) {
  if (item.measured) {
    stage_queue_ns_[stage] += static_cast<double>(start_ns - enter_ns);
    stage_service_ns_[stage] += static_cast<double>(end_ns - start_ns);
  }
  if (record) {
    const StageRuntime& s = *stages_[stage];
    result_.request_stages.push_back({static_cast<std::int64_t>(item.id), s.spec().name,
                                      to_string(s.category()), enter_ns, start_ns, end_ns,
                                      batch_size});
  }
}

void MetricsCollector::fanned_out(const Request& parent, int items) {
  if (!parent.measured) return;
  ++fanout_parents_;
  fanout_items_ += static_cast<std::uint64_t>(items);
}

void MetricsCollector::item_done(const Request& item, std::int64_t parent_id, SimTime now_ns,
                                 bool record) {
  items_completed_.record(now_ns);
  if (item.measured) item_latency_.record(now_ns - item.arrival_ns);
  if (record) add_request_record(item, parent_id, now_ns);
}

void MetricsCollector::request_done(const Request& request, SimTime now_ns, bool record) {
  completed_.record(now_ns);
  if (!request.measured) return;
  latency_.record(now_ns - request.arrival_ns);
  for (int c = 0; c < kCategoryCount; ++c) {
    category_ns_[static_cast<std::size_t>(c)] += request.category_ns[c];
  }
  if (record) {
    ++recorded_requests_;
    add_request_record(request, -1, now_ns);
  }
}

void MetricsCollector::add_request_record(const Request& request, std::int64_t parent_id,
                                          SimTime now_ns) {
  const ImageClass& c = classes_[static_cast<std::size_t>(request.class_index)];
  result_.requests.push_back({static_cast<std::int64_t>(request.id), parent_id, c.name, c.width_px,
                              c.height_px, c.jpeg_bytes, request.arrival_ns, now_ns});
}

void MetricsCollector::on_warmup_end(void* self, std::uint64_t) {
  for (auto& replica : static_cast<MetricsCollector*>(self)->replicas_) {
    replica->reset_statistics();
  }
}

void MetricsCollector::on_window_end(void* self, std::uint64_t) {
  auto& metrics = *static_cast<MetricsCollector*>(self);
  metrics.read_pools();
  for (std::size_t i = 0; i < metrics.stages_.size(); ++i) {
    std::uint64_t batches = 0;
    std::uint64_t items = 0;
    for (auto& replica : metrics.replicas_) replica->batch_counts(i, batches, items);
    metrics.stages_[i]->batches = batches;
    metrics.stages_[i]->batched_items = items;
  }
}

void MetricsCollector::read_pools() {
  std::map<std::string, std::pair<double, double>> busy;  // pool -> (busy unit-ns, unit-ns)
  for (auto& replica : replicas_) replica->add_busy(busy);
  std::map<std::string, const ResourceSpec*> hosts;
  for (const auto& stage : stages_) {
    if (!stage->is_control()) hosts[pool_name(*stage)] = &stage->host();
  }
  const double window_s = to_s(end_ns_ - warmup_end_ns_);
  for (const std::string& pool : replicas_.front()->pool_order()) {
    const auto& [used, available] = busy[pool];
    const double utilization = available > 0 ? used / available : 0.0;
    result_.utilization.emplace_back(pool, utilization);
    if (!hosts.count(pool)) continue;  // a broker's consumers: no power figures
    const PoolEnergy energy =
        pool_energy(pool, *hosts[pool], config_.topology, utilization, window_s, costs_);
    if (energy.power_known) {
      result_.power_w.emplace_back(pool, energy.mean_power_w);
      result_.energy_j += energy.energy_j;
    }
  }
}

ServingResult MetricsCollector::result(const StaticBound& bound, double offered_rps,
                                       std::uint64_t events) {
  ServingResult& r = result_;
  const double window_s = to_s(end_ns_ - warmup_end_ns_);
  r.window_s = window_s;
  r.warmup_s = to_s(warmup_end_ns_);
  summarise_window(completed_, latency_, r);
  r.offered_rps = offered_rps;
  r.bound_rps = bound.bound_rps;
  r.bottleneck = bound.bottleneck;
  const double n = std::max<double>(1.0, static_cast<double>(r.measured_requests));
  for (int c = 0; c < kCategoryCount; ++c) {
    r.breakdown_ms[static_cast<std::size_t>(c)] =
        category_ns_[static_cast<std::size_t>(c)] / n * 1e-6;
  }
  for (std::size_t i = 0; i < stages_.size(); ++i) {
    const StageRuntime& s = *stages_[i];
    r.stages.push_back(
        {s.spec().name, to_string(s.category()), stage_queue_ns_[i] / n * 1e-6,
         stage_service_ns_[i] / n * 1e-6,
         s.batches ? static_cast<double>(s.batched_items) / static_cast<double>(s.batches) : 0.0});
  }
  r.has_fanout = std::any_of(stages_.begin(), stages_.end(), [](const auto& stage) {
    return stage->spec().op == StageOp::kFanout;
  });
  if (r.has_fanout && item_latency_.count() > 0) {
    r.items_per_request = fanout_parents_ > 0 ? static_cast<double>(fanout_items_) /
                                                    static_cast<double>(fanout_parents_)
                                              : 0.0;
    summarise_items(items_completed_, item_latency_, r);
  }
  r.energy_j_per_request =
      r.completed_in_window > 0 ? r.energy_j / static_cast<double>(r.completed_in_window) : 0.0;
  r.events = events;
  r.cost_usage = costs_.usage_summary();
  return std::move(r);
}

}  // namespace servesim::sim
