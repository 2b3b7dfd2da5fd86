// s3_api.h: the S3 JSON API of the lab over an ObjectStore, with the member names of the AWS SDK for JavaScript v3 /
// botocore S3 shapes (timestamps as ISO-8601 strings, blobs as base64). Must not depend on other services or a clock.
#pragma once

#include <string_view>

#include "core/api_error.h"
#include "core/json.h"
#include "core/object_store.h"
#include "core/sim_time.h"

namespace fhl {

// One S3 call. Actions: CreateBucket, DeleteBucket, HeadBucket, ListBuckets, PutObject, GetObject, HeadObject,
// DeleteObject, ListObjectsV2. `now` is the simulated time (CreationDate, LastModified). A failed call changes
// nothing in `store`. Unknown actions answer UnknownOperation("S3", action).
Response S3Call(ObjectStore& store, std::string_view action, const Json& request, TimeUs now);

}  // namespace fhl
