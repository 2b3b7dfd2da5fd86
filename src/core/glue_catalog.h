// glue_catalog.h: the Glue-style data catalog (databases and tables) that Athena queries resolve against.
// Plain C++: no JSON here (glue_api.cpp maps it to Glue's shapes), no SQL, no SQLite. Must not depend on other services.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_error.h"
#include "core/sim_time.h"

namespace fhl {

struct GlueColumn {
  std::string name;     // lower-case, as Glue stores it
  std::string type;     // Hive type as declared, lower-case: "string", "int", "bigint", "double", "varchar(10)", ...
  std::string comment;
};

struct GlueTable {
  std::string database;                                  // lower-case
  std::string name;                                      // lower-case (Glue lower-cases TableInput.Name)
  std::vector<GlueColumn> columns;                       // StorageDescriptor.Columns, in declaration order
  std::vector<GlueColumn> partition_keys;                // PartitionKeys, in declaration order
  std::string location;                                  // StorageDescriptor.Location, "s3://bucket/prefix/"
  std::string input_format = "org.apache.hadoop.mapred.TextInputFormat";
  std::string output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
  std::string serde_library;                             // SerdeInfo.SerializationLibrary
  std::map<std::string, std::string> serde_parameters;   // SerdeInfo.Parameters (SERDEPROPERTIES)
  std::map<std::string, std::string> parameters;         // Parameters (TBLPROPERTIES, incl. projection.*)
  std::string table_type = "EXTERNAL_TABLE";
  TimeUs create_time = 0;
  TimeUs update_time = 0;
};

struct GlueDatabase {
  std::string name;  // lower-case
  std::string description;
  std::string location_uri;
  TimeUs create_time = 0;
};

class SnapshotReader;
class SnapshotWriter;

class GlueCatalog {
 public:
  GlueCatalog();  // holds the "default" database, as a fresh account's AwsDataCatalog does

  // Errors use Glue's codes: AlreadyExistsException, EntityNotFoundException, InvalidInputException.
  Status CreateDatabase(const GlueDatabase& database);
  Status DeleteDatabase(std::string_view name);  // also deletes its tables, as Glue does
  const GlueDatabase* FindDatabase(std::string_view name) const;  // name compared lower-cased
  std::vector<const GlueDatabase*> ListDatabases() const;         // sorted by name

  Status CreateTable(const GlueTable& table);   // the database must exist
  Status UpdateTable(const GlueTable& table);   // replaces an existing table
  Status DeleteTable(std::string_view database, std::string_view name);
  const GlueTable* FindTable(std::string_view database, std::string_view name) const;  // names compared lower-cased
  std::vector<const GlueTable*> ListTables(std::string_view database) const;           // sorted by name

  // Increments on every change (the UI refreshes its tree only then).
  uint64_t generation() const { return generation_; }

  // Persistence (snapshot_services.cpp): Load replaces the whole state; on error it is half-filled (the Lab
  // checks a snapshot on a scratch lab before loading it here).
  void Save(SnapshotWriter& w) const;
  Status Load(SnapshotReader& r);

 private:
  std::map<std::string, GlueDatabase, std::less<>> databases_;
  std::map<std::string, std::map<std::string, GlueTable, std::less<>>, std::less<>> tables_;  // [db][table]
  uint64_t generation_ = 0;
};

// Hive/Glue name patterns (SHOW TABLES 'pat', SHOW DATABASES LIKE 'pat', GetTables Expression), case-insensitive:
// alternatives separated by '|'; '*' or ".*" matches any run of characters; '.' any one character.
bool GlueNameMatches(std::string_view pattern, std::string_view name);

}  // namespace fhl
