// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace servesim::sim {

/// The current time as ISO 8601 UTC to the second ("2026-11-24T08:30:00Z"), for provenance.
std::string utc_now_iso8601();

}  // namespace servesim::sim
