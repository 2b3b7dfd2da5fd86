// cloudwatch_api.h: the CloudWatch JSON API of the lab (GetMetricData with metric math, GetMetricStatistics,
// ListMetrics, PutMetricData) over a MetricsStore. Must not depend on other services, the UI or a clock.
#pragma once

#include <string_view>

#include "core/api_error.h"
#include "core/json.h"
#include "core/metrics_store.h"
#include "core/sim_time.h"

namespace fhl {

// One CloudWatch call. request/response follow the botocore model shapes; response timestamps are epoch
// seconds (numbers), request timestamps may be epoch seconds or ISO-8601 strings. `now` is the simulated time
// (PutMetricData's default Timestamp and its two-weeks/two-hours window, ListMetrics RecentlyActive).
// A failed call changes nothing in `store`. Unknown actions answer UnknownOperation("CloudWatch", action).
Response CloudWatchCall(MetricsStore& store, std::string_view action, const Json& request, TimeUs now);

}  // namespace fhl
