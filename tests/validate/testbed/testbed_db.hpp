// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace servesim::test {

/// Read-only queries on a results database, straight through SQLite (not the code under test).
std::vector<std::vector<std::string>> query_rows(const std::string& db_path,
                                                 const std::string& sql);
double query_number(const std::string& db_path, const std::string& sql);

struct StoredStage {
  std::int64_t request_id;
  std::string stage;
  std::string category;
  std::int64_t enter_ns, start_ns, end_ns;
  int batch_size;
};
struct StoredRequest {
  std::int64_t request_id;
  std::int64_t sent_ns, done_ns;
};
std::vector<StoredRequest> stored_requests(const std::string& db_path, std::int64_t run_id);
/// Ordered by request, then enter time.
std::vector<StoredStage> stored_stages(const std::string& db_path, std::int64_t run_id);

}  // namespace servesim::test
