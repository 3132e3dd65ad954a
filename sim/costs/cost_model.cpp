// SPDX-License-Identifier: Apache-2.0
#include "sim/costs/cost_model.hpp"

#include "sim/costs/cost_schema.hpp"
#include "sim/costs/cost_schema_upgrade.hpp"
#include "sim/costs/quantile_bend.hpp"
#include "sim/store/sqlite_db.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace servesim::sim {
namespace {

CostQuantiles lerp(const CostQuantiles& a, const CostQuantiles& b, double t) {
  auto mix = [t](double x, double y) { return x + (y - x) * t; };
  CostQuantiles q{mix(a.mean_ns, b.mean_ns), mix(a.min_ns, b.min_ns), mix(a.p50_ns, b.p50_ns),
                  mix(a.p90_ns, b.p90_ns),   mix(a.p99_ns, b.p99_ns), mix(a.max_ns, b.max_ns)};
  // A level only one side knows stays unknown (NaN propagates): no half-finer shape.
  for (std::size_t i = 0; i < kFinerQuantileCount; ++i) {
    q.finer_ns[i] = mix(a.finer_ns[i], b.finer_ns[i]);
  }
  return q;
}

/// Keeps the shape of the distribution and moves its mean: used where a fit or an extrapolation
/// gives the mean and the nearest measured point gives the spread.
CostQuantiles rescaled(CostQuantiles q, double mean_ns) {
  const double f = q.mean_ns > 0 ? std::max(mean_ns, 0.0) / q.mean_ns : 0;
  for (double* v : {&q.mean_ns, &q.min_ns, &q.p50_ns, &q.p90_ns, &q.p99_ns, &q.max_ns}) *v *= f;
  for (double& v : q.finer_ns) v *= f;
  return q;
}

int basis_rank(const std::string& basis) {
  if (basis == "measured") return 0;
  if (basis == "interpolated") return 1;
  if (basis == "fit") return 2;
  return 3;
}
void worsen(std::string& basis, const std::string& other) {
  if (basis_rank(other) > basis_rank(basis)) basis = other;
}

/// Image ops scale with pixels; inference is fixed by its model's input shape (the model name
/// says it); everything else (copies, brokers, postprocessing) scales with bytes.
bool is_size_free_op(const std::string& op) { return op == "infer"; }

/// Linear in x between the two neighbours, or from a fit / the two nearest points outside.
template <typename GetX, typename Item>
CostQuantiles interpolate(const std::vector<Item>& sorted, double x, GetX get_x,
                          const CostQuantiles& (*get_q)(const Item&), std::string& basis) {
  if (sorted.size() == 1) {
    const double x0 = get_x(sorted[0]);
    if (x == x0 || x0 <= 0) {  // a stored size of 0: the cost does not depend on size
      worsen(basis, "measured");
      return get_q(sorted[0]);
    }
    worsen(basis, "extrapolated");
    return rescaled(get_q(sorted[0]), get_q(sorted[0]).mean_ns * x / x0);
  }
  for (const Item& item : sorted) {
    if (get_x(item) == x) {
      worsen(basis, "measured");
      return get_q(item);
    }
  }
  if (x > get_x(sorted.front()) && x < get_x(sorted.back())) {
    auto upper = std::find_if(sorted.begin(), sorted.end(),
                              [&](const Item& item) { return get_x(item) > x; });
    auto lower = upper - 1;
    worsen(basis, "interpolated");
    return lerp(get_q(*lower), get_q(*upper),
                (x - get_x(*lower)) / (get_x(*upper) - get_x(*lower)));
  }
  // Outside the measured range: extend the line through the two nearest points.
  const bool above = x > get_x(sorted.back());
  const Item& near = above ? sorted.back() : sorted.front();
  const Item& next = above ? sorted[sorted.size() - 2] : sorted[1];
  const double slope = (get_q(near).mean_ns - get_q(next).mean_ns) / (get_x(near) - get_x(next));
  worsen(basis, "extrapolated");
  return rescaled(get_q(near), get_q(near).mean_ns + slope * (x - get_x(near)));
}

Distribution to_distribution(const CostQuantiles& q) {
  if (q.max_ns - q.min_ns <= 1e-9 * std::max(1.0, q.mean_ns)) {
    return Distribution::deterministic(std::max(0.0, q.mean_ns));
  }
  std::vector<QuantilePoint> points = q.knots();
  double floor = 0;
  for (QuantilePoint& p : points) {
    p.value = std::max(p.value, floor);
    floor = p.value;
  }
  // A few quantiles do not pin the mean; match the stored mean so throughput comes out right,
  // by the shape between the quantiles rather than by moving them.
  points = bend_to_mean(points, q.mean_ns);
  return Distribution::empirical(points);
}

}  // namespace

std::vector<QuantilePoint> CostQuantiles::knots() const {
  std::vector<QuantilePoint> points = {
      {0.0, min_ns}, {0.5, p50_ns}, {0.9, p90_ns}, {0.99, p99_ns}, {1.0, max_ns}};
  for (std::size_t i = 0; i < kFinerQuantileCount; ++i) {
    if (!std::isnan(finer_ns[i])) points.push_back({kFinerQuantiles[i].level, finer_ns[i]});
  }
  std::sort(points.begin(), points.end(), [](const QuantilePoint& a, const QuantilePoint& b) {
    return a.probability < b.probability;
  });
  return points;
}

bool cost_x_is_pixels(const std::string& op) {
  return op == "jpeg_decode" || op == "resize" || op == "crop" || op == "normalize" ||
         op == "infer";
}

void CostModel::add_file(const std::string& path) {
  SqliteDb db = SqliteDb::open(path, /*read_only=*/true);
  load(db, path);
}

void CostModel::add_sql_text(const std::string& origin, const std::string& sql) {
  SqliteDb db = SqliteDb::open(":memory:");
  db.exec(kCostSchemaSql);
  try {
    db.exec(sql);
  } catch (const StoreError& e) {
    throw CostLookupError("cost tables '" + origin + "': " + e.what());
  }
  load(db, origin);
}

void CostModel::load(SqliteDb& db, const std::string& origin) {
  std::map<Key, Series> loaded;
  std::set<std::string> devices;
  try {
    auto rows = db.prepare(
        "SELECT t.name, t.device, p.op, p.model, p.precision, p.variant, p.batch, p.input_pixels, "
        "p.input_bytes, p.mean_ns, p.min_ns, p.p50_ns, p.p90_ns, p.p99_ns, p.max_ns, "
        "coalesce(p.throughput_per_s, 0)" +
        finer_quantile_columns(db, "p") +
        " FROM cost_points p JOIN cost_tables t USING (table_id) ORDER BY t.table_id");
    while (rows.step()) {
      const std::string op = rows.column_text(2);
      Key key{rows.column_text(1), op, rows.column_text(3), rows.column_text(4),
              rows.column_text(5)};
      Series& s = loaded[key];
      s.table = rows.column_text(0);
      s.x_is_pixels = cost_x_is_pixels(op);
      s.size_free = is_size_free_op(op);
      const double x = static_cast<double>(rows.column_int(s.x_is_pixels ? 7 : 8));
      CostQuantiles q{rows.column_double(9),  rows.column_double(10), rows.column_double(11),
                      rows.column_double(12), rows.column_double(13), rows.column_double(14)};
      for (std::size_t i = 0; i < kFinerQuantileCount; ++i) {
        const int column = 16 + static_cast<int>(i);
        if (!rows.column_is_null(column)) q.finer_ns[i] = rows.column_double(column);
      }
      s.points.push_back({static_cast<int>(rows.column_int(6)), x, q, rows.column_double(15)});
      devices.insert(std::get<0>(key));
    }
    auto fits = db.prepare(
        "SELECT t.device, f.op, f.model, f.precision, f.variant, f.predictor, f.intercept_ns, "
        "f.slope_ns, f.min_x, f.max_x FROM cost_fits f JOIN cost_tables t USING (table_id)");
    while (fits.step()) {
      Key key{fits.column_text(0), fits.column_text(1), fits.column_text(2), fits.column_text(3),
              fits.column_text(4)};
      auto it = loaded.find(key);
      if (it == loaded.end()) continue;
      it->second.fits.push_back({fits.column_text(5), fits.column_double(6), fits.column_double(7),
                                 fits.column_double(8), fits.column_double(9)});
    }
    auto power = db.prepare("SELECT device, idle_w, busy_w FROM device_power");
    while (power.step()) {
      power_[power.column_text(0)] = {power.column_double(1), power.column_double(2)};
    }
  } catch (const StoreError& e) {
    throw CostLookupError("cost tables '" + origin + "': not in the cost-table schema (" +
                          e.what() + ")");
  }
  // A newer source replaces everything an older one said about the same device.
  for (auto it = points_.begin(); it != points_.end();) {
    it = devices.count(std::get<0>(it->first)) ? points_.erase(it) : std::next(it);
  }
  for (auto& [key, series] : loaded) {
    std::sort(series.points.begin(), series.points.end(), [](const Point& a, const Point& b) {
      return std::tie(a.batch, a.x) < std::tie(b.batch, b.x);
    });
    points_[key] = std::move(series);
  }
}

const CostModel::Series& CostModel::find_series(const CostQuery& q, Key& key) const {
  key = Key{q.device, q.op, q.model, q.precision, q.variant};
  if (auto it = points_.find(key); it != points_.end()) return it->second;
  std::vector<const std::pair<const Key, Series>*> candidates;
  for (const auto& entry : points_) {
    const Key& k = entry.first;
    if (std::get<0>(k) == q.device && std::get<1>(k) == q.op && std::get<2>(k) == q.model &&
        (q.precision.empty() || std::get<3>(k) == q.precision) &&
        (q.variant.empty() || std::get<4>(k) == q.variant)) {
      candidates.push_back(&entry);
    }
  }
  if (candidates.size() == 1) {
    key = candidates.front()->first;
    return candidates.front()->second;
  }
  std::ostringstream message;
  message << "no single cost entry for op '" << q.op << "'"
          << (q.model.empty() ? "" : " model '" + q.model + "'")
          << (q.precision.empty() ? "" : " precision '" + q.precision + "'") << " on device '"
          << q.device << "'";
  if (candidates.size() > 1) {
    message << ": several match (";
    for (const auto* c : candidates) {
      message << std::get<3>(c->first) << "/" << std::get<4>(c->first) << " ";
    }
    message << "); set the stage's precision or variant";
  } else {
    std::set<std::string> known;
    for (const auto& [k, s] : points_) {
      if (std::get<0>(k) == q.device) {
        known.insert(std::get<1>(k) + (std::get<2>(k).empty() ? "" : ":" + std::get<2>(k)));
      }
    }
    if (known.empty()) {
      message << "; no table covers this device (known devices:";
      for (const std::string& d : devices()) message << " " << d;
      message << "); run 'servesim calibrate' on it or pass --costs FILE";
    } else {
      message << "; the device has:";
      for (const std::string& k : known) message << " " << k;
    }
  }
  throw CostLookupError(message.str());
}

CostQuantiles CostModel::along_x(const Series& series, int batch, double x,
                                 std::string& basis) const {
  std::vector<Point> row;
  for (const Point& p : series.points) {
    if (p.batch == batch) row.push_back(p);
  }
  if (series.size_free) {
    // The model fixes its input: take the point measured nearest the query's size, unscaled.
    const Point* nearest = &row.front();
    for (const Point& p : row) {
      if (std::abs(p.x - x) < std::abs(nearest->x - x)) nearest = &p;
    }
    return nearest->q;
  }
  const std::string predictor = series.x_is_pixels ? "pixels" : "bytes";
  const double min_x = row.front().x;
  const double max_x = row.back().x;
  if (row.size() > 1 && (x < min_x || x > max_x)) {
    for (const Fit& f : series.fits) {
      if (f.predictor != predictor) continue;
      // Outside the measured range the fit gives the mean; the nearest point gives the spread.
      worsen(basis, "fit");
      const Point& near = x < min_x ? row.front() : row.back();
      return rescaled(near.q, near.q.mean_ns + f.slope_ns * (x - near.x));
    }
  }
  return interpolate(
      row, x, [](const Point& p) { return p.x; },
      +[](const Point& p) -> const CostQuantiles& { return p.q; }, basis);
}

void CostModel::add_parametric(const std::string& device, const std::string& op,
                               const std::string& model, const Distribution& duration_ns) {
  parametric_.insert_or_assign({device, op, model}, duration_ns);
}

CostEstimate CostModel::estimate(const CostQuery& query) const {
  if (query.batch < 1) throw CostLookupError("cost query: batch must be at least 1");
  if (auto it = parametric_.find({query.device, query.op, query.model}); it != parametric_.end()) {
    used_.insert("parametric " + query.device + "/" + query.op + " (" + it->second.describe() +
                 ")");
    return CostEstimate{it->second, "parametric", "parametric"};
  }
  Key key;
  const Series& series = find_series(query, key);
  const double x = static_cast<double>(series.x_is_pixels ? query.input_pixels : query.input_bytes);

  std::vector<int> batches;
  for (const Point& p : series.points) {
    if (batches.empty() || batches.back() != p.batch) batches.push_back(p.batch);
  }
  struct BatchRow {
    double batch;
    CostQuantiles q;
  };
  std::string basis = "measured";
  std::vector<BatchRow> rows;
  for (int b : batches) rows.push_back({static_cast<double>(b), along_x(series, b, x, basis)});

  CostQuantiles q;
  const auto b = static_cast<double>(query.batch);
  const Fit* batch_fit = nullptr;
  for (const Fit& f : series.fits) {
    if (f.predictor == "batch") batch_fit = &f;
  }
  if (batch_fit != nullptr && rows.size() > 1 &&
      (b < rows.front().batch || b > rows.back().batch)) {
    const BatchRow& near = b < rows.front().batch ? rows.front() : rows.back();
    worsen(basis, "fit");
    q = rescaled(near.q, near.q.mean_ns + batch_fit->slope_ns * (b - near.batch));
  } else {
    q = interpolate(
        rows, b, [](const BatchRow& r) { return r.batch; },
        +[](const BatchRow& r) -> const CostQuantiles& { return r.q; }, basis);
  }
  used_.insert(series.table + " (" + basis + ")");
  return CostEstimate{to_distribution(q), basis, series.table};
}

std::optional<double> CostModel::saturation_ns(const CostQuery& query) const {
  if (parametric_.count({query.device, query.op, query.model})) return std::nullopt;
  Key key;
  const Series& series = find_series(query, key);
  const double x = static_cast<double>(series.x_is_pixels ? query.input_pixels : query.input_bytes);
  struct Item {
    double x;
    CostQuantiles q;
  };
  // Points at the query's batch, else at the batch nearest to it.
  int best_batch = -1;
  for (const Point& p : series.points) {
    if (p.throughput_per_s <= 0) continue;
    if (best_batch < 0 || std::abs(p.batch - query.batch) < std::abs(best_batch - query.batch)) {
      best_batch = p.batch;
    }
  }
  if (best_batch < 0) return std::nullopt;
  std::vector<Item> items;
  for (const Point& p : series.points) {
    if (p.batch != best_batch || p.throughput_per_s <= 0) continue;
    const double per_item_ns = 1e9 / p.throughput_per_s;
    items.push_back(
        {p.x, {per_item_ns, per_item_ns, per_item_ns, per_item_ns, per_item_ns, per_item_ns}});
  }
  std::string basis = "measured";
  const CostQuantiles q = interpolate(
      items, x, [](const Item& i) { return i.x; },
      +[](const Item& i) -> const CostQuantiles& { return i.q; }, basis);
  return std::max(0.0, q.mean_ns);
}

bool CostModel::device_power(const std::string& device, double& idle_w, double& busy_w) const {
  auto it = power_.find(device);
  if (it == power_.end()) return false;
  idle_w = it->second.first;
  busy_w = it->second.second;
  return true;
}

std::vector<std::string> CostModel::devices() const {
  std::set<std::string> names;
  for (const auto& entry : parametric_) names.insert(std::get<0>(entry.first));
  for (const auto& entry : points_) names.insert(std::get<0>(entry.first));
  return {names.begin(), names.end()};
}

std::string CostModel::usage_summary() const {
  std::string summary;
  for (const std::string& u : used_) summary += (summary.empty() ? "" : "; ") + u;
  return summary;
}

}  // namespace servesim::sim
