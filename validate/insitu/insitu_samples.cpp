// SPDX-License-Identifier: Apache-2.0
#include "validate/insitu/insitu_samples.hpp"

#include "calib/store/cost_table_reader.hpp"
#include "sim/costs/cost_sources.hpp"
#include "sim/serving/broker_cost.hpp"
#include "sim/serving/stage_runtime.hpp"

#include <cstdio>
#include <memory>
#include <sstream>

namespace servesim::validate {
namespace {

std::string joined(const std::set<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

}  // namespace

void InsituSamples::add(const sim::Topology& topology, const sim::ImageClass& image,
                        const std::vector<CpuStageCall>& calls, const std::string& scenario) {
  std::map<std::size_t, std::unique_ptr<sim::StageRuntime>> runtimes;
  for (const CpuStageCall& call : calls) {
    auto& runtime = runtimes[call.stage];
    if (!runtime) {
      runtime = std::make_unique<sim::StageRuntime>(topology, call.stage, 1);
      const sim::ResourceSpec& pool = runtime->host();
      if (!pool.corun_device.empty()) {
        siblings_[pool.device] = pool.corun_device;
        siblings_[pool.corun_device] = pool.device;
      }
    }
    const sim::ResourceSpec& pool = runtime->host();
    const std::string& device =
        call.corun && !pool.corun_device.empty() ? pool.corun_device : pool.device;
    const sim::CostQuery q = runtime->query(image, call.batch, device);
    file(q, static_cast<double>(call.duration_ns), runtime->spec().name, scenario);
    // The pool's size-free rows: thread wake-ups and the worker's own time around calls.
    const auto file_pool_row = [&](const char* op, std::int64_t ns) {
      sim::CostQuery row;
      row.device = pool.device;
      row.op = op;
      file(row, static_cast<double>(ns), runtime->spec().name, scenario);
    };
    if (call.pool_idle_while_waiting && starts_worker_run(topology, call.stage)) {
      file_pool_row("dispatch", call.queue_ns);
    }
    if (call.timer_late_ns >= 0) file_pool_row("batch_timer", call.timer_late_ns);
    if (call.turnaround_ns >= 0) file_pool_row("turnaround", call.turnaround_ns);
  }
}

void InsituSamples::add_broker_hops(const sim::Topology& topology, const sim::ImageClass& image,
                                    const std::vector<sim::RequestStageRecord>& records,
                                    std::int64_t from_ns, const std::string& scenario) {
  std::map<std::string, StageQuery> hops;  // stage name -> the hop's latency query
  for (std::size_t i = 0; i < topology.stages.size(); ++i) {
    const sim::StageSpec& s = topology.stages[i];
    if (s.op != sim::StageOp::kBrokerHop) continue;
    const sim::ResourceSpec& broker = topology.resource(s.on);
    if (broker.device.empty() || broker.broker.op_us >= 0) continue;
    // A hop's latency is publish to delivery: from when the item entered the hop.
    hops.emplace(s.name,
                 StageQuery{sim::broker_latency_query(
                                broker, sim::StageRuntime::payload_in(topology, i, image).bytes),
                            /*from_enter=*/true});
  }
  file_records(hops, records, from_ns, scenario);
}

void InsituSamples::add_network_stages(const sim::Topology& topology, const sim::ImageClass& image,
                                       const std::vector<sim::RequestStageRecord>& records,
                                       std::int64_t from_ns, const std::string& scenario) {
  std::map<std::string, StageQuery> network;  // stage name -> the query the simulator makes
  for (std::size_t i = 0; i < topology.stages.size(); ++i) {
    const sim::StageRuntime runtime(topology, i, 1);
    if (!runtime.is_network()) continue;
    // The stage's own time (a reply may first wait for its connection's write lock).
    network.emplace(runtime.spec().name, StageQuery{runtime.query(image, 1, runtime.host().device),
                                                    /*from_enter=*/false});
  }
  file_records(network, records, from_ns, scenario);
}

void InsituSamples::file_records(const std::map<std::string, StageQuery>& stages,
                                 const std::vector<sim::RequestStageRecord>& records,
                                 std::int64_t from_ns, const std::string& scenario) {
  if (stages.empty()) return;
  for (const sim::RequestStageRecord& r : records) {
    const auto it = stages.find(r.stage);
    if (it == stages.end() || r.enter_ns < from_ns) continue;
    const std::int64_t begin_ns = it->second.from_enter ? r.enter_ns : r.start_ns;
    file(it->second.query, static_cast<double>(r.end_ns - begin_ns), r.stage, scenario);
  }
}

void InsituSamples::file(const sim::CostQuery& q, double duration_ns, const std::string& stage,
                         const std::string& scenario) {
  Entry& e = entries_[Key{q.device, q.op, q.model, q.precision, q.variant, q.batch, q.input_pixels,
                          q.input_bytes}];
  e.query = q;
  e.durations_ns.push_back(duration_ns);
  e.stages.insert(stage);
  e.scenarios.insert(scenario);
}

std::vector<std::string> InsituSamples::devices() const {
  std::set<std::string> devices;
  for (const auto& [key, entry] : entries_) devices.insert(entry.query.device);
  return {devices.begin(), devices.end()};
}

std::string InsituSamples::sibling(const std::string& device) const {
  const auto it = siblings_.find(device);
  return it == siblings_.end() ? std::string() : it->second;
}

std::vector<calib::MeasuredPoint> InsituSamples::points(const std::string& device,
                                                        const std::vector<calib::CostPoint>& base,
                                                        const sim::CostModel& model,
                                                        std::size_t min_calls) const {
  std::vector<calib::MeasuredPoint> points;
  for (const auto& [key, e] : entries_) {
    const sim::CostQuery& q = e.query;
    if (q.device != device || e.durations_ns.size() < min_calls) continue;
    calib::MeasuredPoint m;
    calib::CostPoint& p = m.point;
    p.op = q.op;
    p.model = q.model;
    p.precision = q.precision;
    p.variant = q.variant;
    // An unset precision or variant matches the base series the cost model would pick.
    for (const calib::CostPoint& b : base) {
      if (b.op == q.op && b.model == q.model &&
          (q.precision.empty() || b.precision == q.precision) &&
          (q.variant.empty() || b.variant == q.variant)) {
        p.precision = b.precision;
        p.variant = b.variant;
        break;
      }
    }
    p.batch = q.batch;
    p.input_pixels = q.input_pixels;
    p.input_bytes = q.input_bytes;
    // The base point the cost model would read at this size is the one this replaces: take its
    // key (its other size field may differ: a synthetic JPEG's bytes, say).
    const bool by_pixels = sim::cost_x_is_pixels(p.op);
    for (const calib::CostPoint& b : base) {
      if (b.op == p.op && b.model == p.model && b.precision == p.precision &&
          b.variant == p.variant && b.threads == p.threads && b.batch == p.batch &&
          (by_pixels ? b.input_pixels == p.input_pixels : b.input_bytes == p.input_bytes)) {
        p.input_pixels = b.input_pixels;
        p.input_bytes = b.input_bytes;
        p.output_bytes = b.output_bytes;
        break;
      }
    }
    p.stats = calib::CostPointStats::from_samples(e.durations_ns);
    p.source = "measured in situ: " + std::to_string(e.durations_ns.size()) + " calls of stage " +
               joined(e.stages) + " in " + joined(e.scenarios);
    try {
      m.base_mean_ns = model.estimate(q).duration_ns.mean();
      // A live run times a call in its setting (wake-ups, threads sharing the cores), not how
      // many calls the resource serves a second: a broker's capacity stays the probe's.
      if (const auto saturation_ns = model.saturation_ns(q); saturation_ns && *saturation_ns > 0) {
        p.throughput_per_s = 1e9 / *saturation_ns;
      }
    } catch (const sim::CostLookupError&) {
      m.base_mean_ns = 0;  // the base knows no such call: the point stands alone
    }
    points.push_back(std::move(m));
  }
  return points;
}

std::string write_insitu_tables(const InsituSamples& samples,
                                const std::vector<std::string>& cost_files, std::size_t min_calls,
                                const std::string& db_path, const std::string& source) {
  const sim::CostModel base_model = sim::load_cost_model(cost_files);
  std::ostringstream out;
  char line[256];
  std::map<std::string, std::vector<calib::MeasuredPoint>> measured_by_device;
  std::map<std::string, calib::DeviceCostRows> base_by_device;
  for (const std::string& device : samples.devices()) {
    base_by_device[device] = calib::effective_device_rows(cost_files, device);
    measured_by_device[device] =
        samples.points(device, base_by_device[device].points, base_model, min_calls);
  }
  for (const std::string& device : samples.devices()) {
    const calib::DeviceCostRows& base = base_by_device[device];
    const std::vector<calib::MeasuredPoint>& measured = measured_by_device[device];
    const auto sibling = measured_by_device.find(samples.sibling(device));
    calib::CostTableInfo info;
    info.name = device + "-testbed-measured";
    info.device = device;
    info.source = source + "; base: " + (base.points.empty() ? std::string("none") : base.origin);
    calib::CostTableWriter writer = calib::CostTableWriter::open(db_path, info);
    const std::vector<calib::CostPoint> merged = calib::merge_measured_points(
        base.points, measured,
        sibling == measured_by_device.end() ? std::vector<calib::MeasuredPoint>{}
                                            : sibling->second);
    for (const calib::CostPoint& p : merged) writer.append(p);
    for (const calib::CostFit& f : base.fits) writer.write_fit(f);
    if (base.power) writer.write_power(*base.power);

    out << "device " << device << ": " << measured.size() << " point(s) measured in situ, "
        << merged.size() << " in table " << info.name
        << " (base: " << (base.points.empty() ? std::string("none") : base.origin) << ")\n";
    std::snprintf(line, sizeof line, "  %-12s %-20s %5s %12s %7s %10s %10s %7s\n", "op", "model",
                  "batch", "input_px", "calls", "live_ms", "base_ms", "ratio");
    out << line;
    for (const calib::MeasuredPoint& m : measured) {
      const calib::CostPoint& p = m.point;
      std::snprintf(line, sizeof line, "  %-12s %-20s %5lld %12lld %7lld %10.3f %10.3f %7.3f\n",
                    p.op.c_str(), p.model.c_str(), static_cast<long long>(p.batch),
                    static_cast<long long>(p.input_pixels), static_cast<long long>(p.stats.samples),
                    p.stats.mean_ns * 1e-6, m.base_mean_ns * 1e-6,
                    m.base_mean_ns > 0 ? p.stats.mean_ns / m.base_mean_ns : 0.0);
      out << line;
    }
  }
  return out.str();
}

}  // namespace servesim::validate
