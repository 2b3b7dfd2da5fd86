// glue_api.h: the AWS Glue Data Catalog JSON API of the lab over a GlueCatalog (JSON 1.1 shapes of botocore / the
// AWS SDK for JavaScript v3; timestamps as epoch seconds). Must not depend on other services, SQL or a clock.
#pragma once

#include <string_view>

#include "core/api_error.h"
#include "core/glue_catalog.h"
#include "core/json.h"
#include "core/sim_time.h"

namespace fhl {

constexpr const char* kGlueCatalogId = "123456789012";

// One Glue call. Actions: CreateDatabase, GetDatabase, GetDatabases, DeleteDatabase, CreateTable, GetTable, GetTables,
// UpdateTable, DeleteTable. `now` stamps CreateTime/UpdateTime. A failed call changes nothing in `catalog`.
// Unknown actions answer UnknownOperation("Glue", action).
Response CallGlue(GlueCatalog& catalog, std::string_view action, const Json& request, TimeUs now);

// The Glue "Table" structure of a catalog table (GetTable / GetTables), shared with anything that shows tables.
Json GlueTableToJson(const GlueTable& table);

}  // namespace fhl
