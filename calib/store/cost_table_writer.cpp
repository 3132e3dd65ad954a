// SPDX-License-Identifier: Apache-2.0
#include "calib/store/cost_table_writer.hpp"

#include "calib/store/machine_info.hpp"
#include "sim/costs/cost_model.hpp"
#include "sim/costs/cost_schema.hpp"
#include "sim/costs/cost_schema_upgrade.hpp"
#include "sim/util/utc_time.hpp"

#include "servesim/build_info.hpp"
#include <cmath>
#include <stdexcept>

namespace servesim::calib {
namespace {

void require(bool ok, const std::string& what, const std::string& context) {
  if (!ok) throw std::invalid_argument(context + ": " + what);
}

/// The cost_points column of a quantile level.
std::string quantile_field(double level) {
  if (level == 0.0) return "min_ns";
  if (level == 1.0) return "max_ns";
  for (const sim::FinerQuantile& q : sim::kFinerQuantiles) {
    if (q.level == level) return q.column;
  }
  return "p" + std::to_string(static_cast<int>(level * 100 + 0.5)) + "_ns";
}

void check_point(const CostPoint& p) {
  const std::string where = "cost point (" + describe_point_key(p) + ")";
  require(!p.op.empty(), "field 'op' is empty; name the operation (e.g. 'broker')", where);
  require(p.batch >= 1, "field 'batch' must be at least 1", where);
  require(p.threads >= 1, "field 'threads' must be at least 1", where);
  require(p.input_pixels >= 0 && p.input_bytes >= 0 && p.output_bytes >= 0,
          "sizes (input_pixels, input_bytes, output_bytes) must be non-negative", where);
  const CostPointStats& s = p.stats;
  require(s.samples >= 1, "field 'samples' must be at least 1", where);
  for (double v : {s.mean_ns, s.stddev_ns, s.min_ns, s.p50_ns, s.p90_ns, s.p99_ns, s.max_ns}) {
    require(std::isfinite(v) && v >= 0, "times must be finite and non-negative", where);
  }
  for (double v : s.finer_ns) {
    require(std::isnan(v) || (std::isfinite(v) && v >= 0),
            "finer quantiles must be finite and non-negative (or unknown)", where);
  }
  const std::vector<sim::QuantilePoint> knots =
      sim::CostQuantiles{s.mean_ns, s.min_ns, s.p50_ns, s.p90_ns, s.p99_ns, s.max_ns, s.finer_ns}
          .knots();
  for (std::size_t i = 1; i < knots.size(); ++i) {
    require(knots[i].value >= knots[i - 1].value,
            quantile_field(knots[i].probability) + " is below " +
                quantile_field(knots[i - 1].probability) +
                "; quantiles must not fall as their level rises (min <= p1 <= ... <= max)",
            where);
  }
  require(s.min_ns <= s.mean_ns && s.mean_ns <= s.max_ns, "mean must lie within [min, max]", where);
  if (p.throughput_per_s) {
    require(std::isfinite(*p.throughput_per_s) && *p.throughput_per_s > 0,
            "field 'throughput_per_s' must be positive when set", where);
  }
  if (p.power_w) {
    require(std::isfinite(*p.power_w) && *p.power_w >= 0,
            "field 'power_w' must be non-negative when set", where);
  }
}

std::int64_t find_table(sim::SqliteDb& db, const std::string& name) {
  auto query = db.prepare("SELECT table_id FROM cost_tables WHERE name = ?");
  query.bind(1, name);
  return query.step() ? query.column_int(0) : -1;
}

void delete_table(sim::SqliteDb& db, std::int64_t table_id) {
  for (const char* table : {"cost_points", "cost_fits", "device_power", "cost_tables"}) {
    db.prepare(std::string("DELETE FROM ") + table + " WHERE table_id = ?")
        .bind(1, table_id)
        .execute();
  }
}

}  // namespace

std::string describe_point_key(const CostPoint& p) {
  std::string key = "op=" + p.op;
  if (!p.model.empty()) key += " model=" + p.model;
  if (!p.precision.empty()) key += " precision=" + p.precision;
  if (!p.variant.empty()) key += " variant=" + p.variant;
  key += " batch=" + std::to_string(p.batch);
  if (p.input_pixels != 0) key += " input_pixels=" + std::to_string(p.input_pixels);
  key += " input_bytes=" + std::to_string(p.input_bytes);
  if (p.threads != 1) key += " threads=" + std::to_string(p.threads);
  return key;
}

CostTableWriter CostTableWriter::open(const std::string& db_path, const CostTableInfo& info,
                                      Mode mode) {
  const std::string where = "cost table '" + info.name + "' in '" + db_path + "'";
  require(!info.name.empty(), "the table name is empty", where);
  require(!info.device.empty(), "the device is empty; name it as topologies do ('cpu', ...)",
          where);
  require(info.method == "measured" || info.method == "public" || info.method == "derived",
          "method '" + info.method + "' is not one of measured, public, derived", where);

  sim::SqliteDb db = sim::SqliteDb::open(db_path);
  sim::ensure_cost_schema(db);

  sim::SqliteDb::Transaction transaction(db);
  std::int64_t table_id = find_table(db, info.name);
  if (table_id >= 0 && mode == Mode::replace) {
    delete_table(db, table_id);
    table_id = -1;
  }
  if (table_id < 0) {
    const std::string machine = info.machine.empty() ? machine_description().text() : info.machine;
    const std::string versions =
        info.library_versions.empty() ? base_library_versions() : info.library_versions;
    db.prepare(
          "INSERT INTO cost_tables(name, device, machine, created_utc, library_versions, method, "
          "source, servesim_version) VALUES (?,?,?,?,?,?,?,?)")
        .bind(1, info.name)
        .bind(2, info.device)
        .bind(3, machine)
        .bind(4, sim::utc_now_iso8601())
        .bind(5, versions)
        .bind(6, info.method)
        .bind(7, info.source)
        .bind(8, std::string(kVersion) + " (" + kGitSha + ")")
        .execute();
    table_id = db.last_insert_rowid();
  }
  transaction.commit();
  return CostTableWriter(std::move(db), table_id);
}

void CostTableWriter::append(const CostPoint& p) {
  check_point(p);
  if (has_point(p)) {
    throw sim::StoreError("database '" + db_.path() + "': cost point (" + describe_point_key(p) +
                          ") is already stored in this table; measure each point once or open "
                          "the table in replace mode");
  }
  // No explicit transaction: the single INSERT autocommits, so the point is durable on return.
  std::string finer_columns, finer_marks;
  for (const sim::FinerQuantile& q : sim::kFinerQuantiles) {
    finer_columns += std::string(", ") + q.column;
    finer_marks += ",?";
  }
  auto insert = db_.prepare(
      "INSERT INTO cost_points(table_id, op, model, precision, variant, batch, input_pixels, "
      "input_bytes, output_bytes, threads, mean_ns, stddev_ns, min_ns, p50_ns, p90_ns, p99_ns, "
      "max_ns, samples, throughput_per_s, power_w, source" +
      finer_columns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?" + finer_marks + ")");
  insert.bind(1, table_id_)
      .bind(2, p.op)
      .bind(3, p.model)
      .bind(4, p.precision)
      .bind(5, p.variant)
      .bind(6, p.batch)
      .bind(7, p.input_pixels)
      .bind(8, p.input_bytes)
      .bind(9, p.output_bytes)
      .bind(10, p.threads)
      .bind(11, p.stats.mean_ns)
      .bind(12, p.stats.stddev_ns)
      .bind(13, p.stats.min_ns)
      .bind(14, p.stats.p50_ns)
      .bind(15, p.stats.p90_ns)
      .bind(16, p.stats.p99_ns)
      .bind(17, p.stats.max_ns)
      .bind(18, p.stats.samples);
  if (p.throughput_per_s) {
    insert.bind(19, *p.throughput_per_s);
  } else {
    insert.bind_null(19);
  }
  if (p.power_w) {
    insert.bind(20, *p.power_w);
  } else {
    insert.bind_null(20);
  }
  insert.bind(21, p.source);
  for (std::size_t i = 0; i < sim::kFinerQuantileCount; ++i) {
    const int column = 22 + static_cast<int>(i);
    if (std::isnan(p.stats.finer_ns[i])) {
      insert.bind_null(column);
    } else {
      insert.bind(column, p.stats.finer_ns[i]);
    }
  }
  insert.execute();
}

void CostTableWriter::write_fit(const CostFit& f) {
  const std::string where = "cost fit (op=" + f.op + " predictor=" + f.predictor + ")";
  require(!f.op.empty(), "field 'op' is empty", where);
  require(f.predictor == "pixels" || f.predictor == "bytes" || f.predictor == "batch",
          "predictor must be one of pixels, bytes, batch", where);
  require(std::isfinite(f.intercept_ns) && std::isfinite(f.slope_ns) && std::isfinite(f.r_squared),
          "intercept, slope and r_squared must be finite", where);
  require(f.points >= 1 && f.min_x <= f.max_x, "needs points >= 1 and min_x <= max_x", where);
  db_.prepare(
         "INSERT OR REPLACE INTO cost_fits(table_id, op, model, precision, variant, predictor, "
         "intercept_ns, slope_ns, r_squared, points, min_x, max_x) VALUES "
         "(?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, table_id_)
      .bind(2, f.op)
      .bind(3, f.model)
      .bind(4, f.precision)
      .bind(5, f.variant)
      .bind(6, f.predictor)
      .bind(7, f.intercept_ns)
      .bind(8, f.slope_ns)
      .bind(9, f.r_squared)
      .bind(10, f.points)
      .bind(11, f.min_x)
      .bind(12, f.max_x)
      .execute();
}

void CostTableWriter::write_power(const DevicePower& power) {
  const std::string where = "device power (device=" + power.device + ")";
  require(!power.device.empty(), "field 'device' is empty", where);
  require(std::isfinite(power.idle_w) && std::isfinite(power.busy_w) && power.idle_w >= 0 &&
              power.busy_w >= power.idle_w,
          "needs 0 <= idle_w <= busy_w", where);
  db_.prepare("INSERT OR REPLACE INTO device_power VALUES (?,?,?,?,?)")
      .bind(1, table_id_)
      .bind(2, power.device)
      .bind(3, power.idle_w)
      .bind(4, power.busy_w)
      .bind(5, power.source)
      .execute();
}

bool CostTableWriter::has_point(const CostPoint& key) const {
  auto query = db_.prepare(
      "SELECT 1 FROM cost_points WHERE table_id=? AND op=? AND model=? AND precision=? AND "
      "variant=? AND batch=? AND input_pixels=? AND input_bytes=? AND threads=?");
  query.bind(1, table_id_)
      .bind(2, key.op)
      .bind(3, key.model)
      .bind(4, key.precision)
      .bind(5, key.variant)
      .bind(6, key.batch)
      .bind(7, key.input_pixels)
      .bind(8, key.input_bytes)
      .bind(9, key.threads);
  return query.step();
}

std::int64_t CostTableWriter::point_count() const {
  auto query = db_.prepare("SELECT count(*) FROM cost_points WHERE table_id = ?");
  query.bind(1, table_id_);
  query.step();
  return query.column_int(0);
}

}  // namespace servesim::calib
