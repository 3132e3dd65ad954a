// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/measured_summary.hpp"

#include "sim/serving/window_summary.hpp"
#include "sim/stats/batch_means.hpp"
#include "sim/stats/window_rate.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <unordered_map>

namespace servesim::validate {
namespace {

int category_index(const std::string& name) {
  for (int c = 0; c < sim::kCategoryCount; ++c) {
    if (name == sim::to_string(static_cast<sim::Category>(c))) return c;
  }
  return static_cast<int>(sim::Category::kQueueing);
}

}  // namespace

sim::ServingResult summarize_measured_run(const sim::ServingConfig& config,
                                          std::vector<sim::RequestRecord> requests,
                                          std::vector<sim::RequestStageRecord> stages) {
  sim::ServingResult r;
  const auto warmup_ns = static_cast<std::int64_t>(config.effective_warmup_s() * 1e9);
  const auto end_ns = static_cast<std::int64_t>(config.duration_s * 1e9);
  r.warmup_s = config.effective_warmup_s();
  r.window_s = config.duration_s - r.warmup_s;
  r.offered_rps = config.concurrency > 0 ? 0.0 : config.rate_per_s;

  // Client requests carry the latency; child items of a fan-out (parent_id >= 0) count apart.
  std::unordered_map<std::int64_t, bool> measured;
  std::unordered_map<std::int64_t, std::int64_t> last_child;  // parent -> its last child
  std::sort(requests.begin(), requests.end(),
            [](const auto& a, const auto& b) { return a.done_ns < b.done_ns; });
  sim::BatchMeansRecorder latency;  // in completion order, as the simulator records
  sim::BatchMeansRecorder item_latency;
  std::uint64_t child_items = 0;
  sim::WindowRate completed(warmup_ns, end_ns);
  sim::WindowRate items_completed(warmup_ns, end_ns);
  for (const sim::RequestRecord& q : requests) {
    const bool m = q.sent_ns >= warmup_ns && q.sent_ns < end_ns;
    measured[q.request_id] = m;
    if (q.parent_id >= 0) {
      r.has_fanout = true;
      items_completed.record(q.done_ns);
      if (m) {
        ++child_items;
        item_latency.record(q.done_ns - q.sent_ns);
      }
      last_child[q.parent_id] = q.request_id;  // completion order: the last one wins
      continue;
    }
    completed.record(q.done_ns);
    if (m) latency.record(q.done_ns - q.sent_ns);
  }
  sim::summarise_window(completed, latency, r);
  if (r.has_fanout) {
    r.items_per_request = r.measured_requests > 0 ? static_cast<double>(child_items) /
                                                        static_cast<double>(r.measured_requests)
                                                  : 0.0;
    sim::summarise_items(items_completed, item_latency, r);
  }
  // A parent that waited at a join takes its last child's path into its breakdown, as the
  // simulator does; children of a fire-and-forget fan-out add nothing to their parent's.
  bool joins = false;
  for (const sim::StageSpec& s : config.topology.stages) {
    if (s.op == sim::StageOp::kFanout && !s.fire_and_forget) joins = true;
  }
  std::unordered_map<std::int64_t, bool> on_critical_path;
  std::unordered_map<std::int64_t, std::int64_t> parent_of;
  for (const sim::RequestRecord& q : requests) {
    if (q.parent_id >= 0) parent_of[q.request_id] = q.parent_id;
  }
  if (joins) {
    for (const auto& [parent, child] : last_child) on_critical_path[child] = true;
  }

  // Per stage, in topology order; per category; cpu busy time clipped to the window.
  const std::vector<sim::StageSpec>& specs = config.topology.stages;
  std::vector<double> queue_ns(specs.size(), 0), service_ns(specs.size(), 0);
  std::vector<double> batches(specs.size(), 0), items(specs.size(), 0);
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < specs.size(); ++i) index[specs[i].name] = i;
  std::string cpu_pool;
  int cores = 0;
  for (const sim::ResourceSpec& res : config.topology.resources) {
    if (res.kind == sim::ResourceKind::kCpu && cpu_pool.empty()) {
      cpu_pool = res.name;
      cores = res.cores;
    }
  }
  double cpu_busy_ns = 0;
  std::array<double, sim::kCategoryCount> category_ns{};
  for (const sim::RequestStageRecord& s : stages) {
    const auto it = index.find(s.stage);
    if (it == index.end()) continue;
    const std::size_t i = it->second;
    const double share = 1.0 / std::max(1, s.batch_size);  // a batch's core time, once
    if (config.topology.resource(specs[i].on).name == cpu_pool) {
      const std::int64_t from = std::max(s.start_ns, warmup_ns);
      const std::int64_t to = std::min(s.end_ns, end_ns);
      if (to > from) cpu_busy_ns += static_cast<double>(to - from) * share;
    }
    const auto m = measured.find(s.request_id);
    if (m == measured.end() || !m->second) continue;
    queue_ns[i] += static_cast<double>(s.start_ns - s.enter_ns);
    service_ns[i] += static_cast<double>(s.end_ns - s.start_ns);
    const bool is_child = !parent_of.empty() && parent_of.count(s.request_id) > 0;
    if (!is_child || on_critical_path.count(s.request_id) > 0) {
      category_ns[static_cast<std::size_t>(sim::Category::kQueueing)] +=
          static_cast<double>(s.start_ns - s.enter_ns);
      category_ns[static_cast<std::size_t>(category_index(s.category))] +=
          static_cast<double>(s.end_ns - s.start_ns);
    }
    if (specs[i].batching.max_batch > 1) {
      batches[i] += share;
      items[i] += 1;
    }
  }
  const double n = std::max<double>(1.0, static_cast<double>(r.measured_requests));
  for (int c = 0; c < sim::kCategoryCount; ++c) {
    r.breakdown_ms[static_cast<std::size_t>(c)] =
        category_ns[static_cast<std::size_t>(c)] / n * 1e-6;
  }
  for (std::size_t i = 0; i < specs.size(); ++i) {
    r.stages.push_back({specs[i].name, sim::to_string(sim::category_of(specs[i].op)),
                        queue_ns[i] / n * 1e-6, service_ns[i] / n * 1e-6,
                        batches[i] > 0 ? items[i] / batches[i] : 0.0});
  }
  if (!cpu_pool.empty() && r.window_s > 0) {
    r.utilization.emplace_back(cpu_pool, cpu_busy_ns / (cores * r.window_s * 1e9));
  }
  r.cost_usage = "live measurement";
  std::sort(requests.begin(), requests.end(),
            [](const auto& a, const auto& b) { return a.request_id < b.request_id; });
  r.requests = std::move(requests);
  r.request_stages = std::move(stages);
  return r;
}

}  // namespace servesim::validate
