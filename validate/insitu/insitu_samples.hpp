// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/store/measured_point_merge.hpp"
#include "sim/costs/cost_model.hpp"
#include "sim/store/run_result.hpp"
#include "sim/topology/topology.hpp"
#include "sim/workload/image_class.hpp"

#include "validate/testbed/cpu_stage_calls.hpp"
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace servesim::validate {

/// Durations of a topology's cpu stage calls in live runs, filed under the cost-table query the
/// simulator makes for the same call: the pool's device for a call that started alone, its
/// corun_device (when it has one) for a call that started while another ran. Also the wake-up
/// latency of an idle worker (op "dispatch" on the pool's device): the wait of a call handed
/// over to the pool (the first cpu stage after the network, a batch, a fan-out or a join) while
/// no call ran on the pool from its hand-over to its start. And how late a timed batch started
/// after its max_delay deadline with a unit free (op "batch_timer" on the pool's device): the
/// batcher's thread waking from its timer, then the worker. And a worker's turnaround (op
/// "turnaround" on the pool's device): from the end of a run's last call to the pool's next
/// start, while the other units were busy and a job waited (CpuStageCall::turnaround_ns).
class InsituSamples {
 public:
  /// Adds one live run of a single image class; `scenario` names it in the points' sources.
  void add(const sim::Topology& topology, const sim::ImageClass& image,
           const std::vector<CpuStageCall>& calls, const std::string& scenario);

  /// Adds the hops of a run's broker stages: each item's publish to delivery, filed under the
  /// query the simulator makes for the hop's latency (the broker's device, op "broker", its type
  /// and mode, the message's bytes). Hops entered before `from_ns` (the warm-up) are left out, as
  /// are brokers costed by attributes (op_us) rather than a table.
  void add_broker_hops(const sim::Topology& topology, const sim::ImageClass& image,
                       const std::vector<sim::RequestStageRecord>& records, std::int64_t from_ns,
                       const std::string& scenario);

  /// Adds the network stages of a run (net_recv and net_send on a nic with a `device`): each
  /// item's stage time, start to end, filed under the query the simulator makes for the
  /// stage's latency (the nic's device, the op, the payload's bytes). Records entered before
  /// `from_ns` are left out.
  void add_network_stages(const sim::Topology& topology, const sim::ImageClass& image,
                          const std::vector<sim::RequestStageRecord>& records, std::int64_t from_ns,
                          const std::string& scenario);

  /// Devices that received samples, sorted.
  std::vector<std::string> devices() const;
  /// The cpu pool's other device: its corun_device for its device and the reverse ("" if none).
  std::string sibling(const std::string& device) const;

  /// The points of `device` with at least `min_calls` samples. Each takes the precision and
  /// variant of the base series the query resolves to (so it replaces that series' point), and
  /// records `model`'s mean for the same query as its base (0 when the model has none).
  std::vector<calib::MeasuredPoint> points(const std::string& device,
                                           const std::vector<calib::CostPoint>& base,
                                           const sim::CostModel& model,
                                           std::size_t min_calls) const;

 private:
  struct Entry {
    sim::CostQuery query;
    std::vector<double> durations_ns;
    std::set<std::string> stages;
    std::set<std::string> scenarios;
  };
  /// A stage whose records are filed whole: its query, and whether its time counts from the
  /// item's entering the stage (else from its start).
  struct StageQuery {
    sim::CostQuery query;
    bool from_enter = false;
  };
  void file_records(const std::map<std::string, StageQuery>& stages,
                    const std::vector<sim::RequestStageRecord>& records, std::int64_t from_ns,
                    const std::string& scenario);
  void file(const sim::CostQuery& q, double duration_ns, const std::string& stage,
            const std::string& scenario);

  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string, int,
                         std::int64_t, std::int64_t>;
  std::map<Key, Entry> entries_;
  std::map<std::string, std::string> siblings_;
};

/// Writes one table per device of `samples` into `db_path` ("<device>-testbed-measured"), each
/// replacing the device's base (the shipped defaults, then `cost_files`, as the simulator loads
/// them): measured points over the base's, the rest of a measured series scaled (by the pool's
/// other device's measured points where they have the call), the other rows, fits and power
/// carried (calib::merge_measured_points). `source` is the tables' provenance. Returns a
/// report: per device, each measured point's calls, live and base mean and their ratio.
std::string write_insitu_tables(const InsituSamples& samples,
                                const std::vector<std::string>& cost_files, std::size_t min_calls,
                                const std::string& db_path, const std::string& source);

}  // namespace servesim::validate
