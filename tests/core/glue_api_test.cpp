// glue_api_test.cpp: the Glue JSON API: request validation, error codes and texts, Table/Database shapes, paging.
#include "core/glue_api.h"

#include <gtest/gtest.h>

namespace fhl {
namespace {

constexpr TimeUs kT = 1773480360LL * kUsPerSecond;

Json StockTableInput(const std::string& name = "Stock_Ticks") {
  return Json{{"Name", name},
              {"TableType", "EXTERNAL_TABLE"},
              {"Parameters", {{"projection.enabled", "false"}}},
              {"PartitionKeys", Json::array({{{"Name", "datehour"}, {"Type", "string"}}})},
              {"StorageDescriptor",
               {{"Columns", Json::array({{{"Name", "Ticker_Symbol"}, {"Type", "string"}, {"Comment", "sym"}},
                                         {{"Name", "price"}, {"Type", "double"}}})},
                {"Location", "s3://lab-bucket/stocks/"},
                {"InputFormat", "org.apache.hadoop.mapred.TextInputFormat"},
                {"OutputFormat", "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"},
                {"SerdeInfo",
                 {{"SerializationLibrary", "org.openx.data.jsonserde.JsonSerDe"},
                  {"Parameters", {{"ignore.malformed.json", "true"}}}}}}}};
}

TEST(GlueApiTest, DatabaseLifecycle) {
  GlueCatalog c;
  Response r = CallGlue(c, "CreateDatabase", {{"DatabaseInput", {{"Name", "Lab"}, {"Description", "d"}}}}, kT);
  ASSERT_TRUE(r.ok()) << r.error->message;
  Response again = CallGlue(c, "CreateDatabase", {{"DatabaseInput", {{"Name", "lab"}}}}, kT);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error->code, "AlreadyExistsException");
  EXPECT_EQ(again.error->message, "Database already exists.");
  Response got = CallGlue(c, "GetDatabase", {{"Name", "LAB"}}, kT);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got.body["Database"]["Name"], "lab");
  EXPECT_EQ(got.body["Database"]["Description"], "d");
  EXPECT_EQ(got.body["Database"]["CatalogId"], "123456789012");
  EXPECT_DOUBLE_EQ(got.body["Database"]["CreateTime"].get<double>(), 1773480360.0);
  Response missing = CallGlue(c, "GetDatabase", {{"Name", "nope"}}, kT);
  EXPECT_EQ(missing.error->code, "EntityNotFoundException");
  EXPECT_EQ(missing.error->message, "Database nope not found.");
  ASSERT_TRUE(CallGlue(c, "DeleteDatabase", {{"Name", "lab"}}, kT).ok());
  EXPECT_EQ(CallGlue(c, "DeleteDatabase", {{"Name", "lab"}}, kT).error->code, "EntityNotFoundException");
}

TEST(GlueApiTest, ValidationErrors) {
  GlueCatalog c;
  Response r = CallGlue(c, "CreateDatabase", Json::object(), kT);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, "ValidationException");
  EXPECT_EQ(r.error->message,
            "1 validation error detected: Value null at 'databaseInput' failed to satisfy constraint: Member must not be null");
  Response empty = CallGlue(c, "GetTable", {{"DatabaseName", ""}}, kT);
  EXPECT_EQ(empty.error->message,
            "2 validation errors detected: Value '' at 'databaseName' failed to satisfy constraint: Member must have "
            "length greater than or equal to 1; Value null at 'name' failed to satisfy constraint: Member must not be null");
  Response wrong_type = CallGlue(c, "GetDatabase", {{"Name", 5}}, kT);
  EXPECT_EQ(wrong_type.error->code, "SerializationException");
  Response bad_name = CallGlue(c, "CreateDatabase", {{"DatabaseInput", {{"Name", "a\nb"}}}}, kT);
  EXPECT_EQ(bad_name.error->code, "InvalidInputException");
  EXPECT_EQ(CallGlue(c, "GetTables", {{"DatabaseName", "default"}, {"MaxResults", 0}}, kT).error->code,
            "ValidationException");
  EXPECT_EQ(CallGlue(c, "Frobnicate", Json::object(), kT).error->code, "UnknownOperationException");
  EXPECT_EQ(c.ListDatabases().size(), 1u);  // nothing changed
}

TEST(GlueApiTest, CreateAndGetTable) {
  GlueCatalog c;
  Response r = CallGlue(c, "CreateTable", {{"DatabaseName", "default"}, {"TableInput", StockTableInput()}}, kT);
  ASSERT_TRUE(r.ok()) << r.error->message;
  const GlueTable* t = c.FindTable("default", "stock_ticks");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->columns[0].name, "ticker_symbol");
  EXPECT_EQ(t->columns[0].comment, "sym");
  EXPECT_EQ(t->serde_parameters.at("ignore.malformed.json"), "true");
  EXPECT_EQ(t->partition_keys.size(), 1u);
  Response got = CallGlue(c, "GetTable", {{"DatabaseName", "DEFAULT"}, {"Name", "STOCK_TICKS"}}, kT);
  ASSERT_TRUE(got.ok());
  const Json& j = got.body["Table"];
  EXPECT_EQ(j["Name"], "stock_ticks");
  EXPECT_EQ(j["DatabaseName"], "default");
  EXPECT_EQ(j["TableType"], "EXTERNAL_TABLE");
  EXPECT_EQ(j["CatalogId"], "123456789012");
  EXPECT_DOUBLE_EQ(j["CreateTime"].get<double>(), 1773480360.0);
  EXPECT_EQ(j["StorageDescriptor"]["Location"], "s3://lab-bucket/stocks/");
  EXPECT_EQ(j["StorageDescriptor"]["Columns"][1], (Json{{"Name", "price"}, {"Type", "double"}}));
  EXPECT_EQ(j["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"], "org.openx.data.jsonserde.JsonSerDe");
  EXPECT_EQ(j["PartitionKeys"][0]["Name"], "datehour");
  EXPECT_EQ(j["Parameters"]["projection.enabled"], "false");
  Response dup = CallGlue(c, "CreateTable", {{"DatabaseName", "default"}, {"TableInput", StockTableInput()}}, kT);
  EXPECT_EQ(dup.error->code, "AlreadyExistsException");
  EXPECT_EQ(dup.error->message, "Table already exists.");
  Response no_db = CallGlue(c, "CreateTable", {{"DatabaseName", "x"}, {"TableInput", StockTableInput()}}, kT);
  EXPECT_EQ(no_db.error->message, "Database x not found.");
  Response no_table = CallGlue(c, "GetTable", {{"DatabaseName", "default"}, {"Name", "nope"}}, kT);
  EXPECT_EQ(no_table.error->code, "EntityNotFoundException");
  EXPECT_EQ(no_table.error->message, "Table nope not found.");
}

TEST(GlueApiTest, UpdateKeepsCreateTimeAndDeleteRemoves) {
  GlueCatalog c;
  ASSERT_TRUE(CallGlue(c, "CreateTable", {{"DatabaseName", "default"}, {"TableInput", StockTableInput()}}, kT).ok());
  Json input = StockTableInput();
  input["StorageDescriptor"]["Location"] = "s3://lab-bucket/other/";
  Response u = CallGlue(c, "UpdateTable", {{"DatabaseName", "default"}, {"TableInput", input}}, kT + 10 * kUsPerSecond);
  ASSERT_TRUE(u.ok());
  const GlueTable* t = c.FindTable("default", "stock_ticks");
  EXPECT_EQ(t->location, "s3://lab-bucket/other/");
  EXPECT_EQ(t->create_time, kT);
  EXPECT_EQ(t->update_time, kT + 10 * kUsPerSecond);
  Response missing = CallGlue(c, "UpdateTable", {{"DatabaseName", "default"}, {"TableInput", StockTableInput("zz")}}, kT);
  EXPECT_EQ(missing.error->code, "EntityNotFoundException");
  ASSERT_TRUE(CallGlue(c, "DeleteTable", {{"DatabaseName", "default"}, {"Name", "Stock_Ticks"}}, kT).ok());
  EXPECT_EQ(c.FindTable("default", "stock_ticks"), nullptr);
  EXPECT_EQ(CallGlue(c, "DeleteTable", {{"DatabaseName", "default"}, {"Name", "stock_ticks"}}, kT).error->code,
            "EntityNotFoundException");
}

TEST(GlueApiTest, GetTablesPagesAndFilters) {
  GlueCatalog c;
  for (const char* name : {"a1", "b2", "a3"}) {
    ASSERT_TRUE(CallGlue(c, "CreateTable", {{"DatabaseName", "default"}, {"TableInput", StockTableInput(name)}}, kT).ok());
  }
  Response p1 = CallGlue(c, "GetTables", {{"DatabaseName", "default"}, {"MaxResults", 2}}, kT);
  ASSERT_TRUE(p1.ok());
  ASSERT_EQ(p1.body["TableList"].size(), 2u);
  EXPECT_EQ(p1.body["TableList"][0]["Name"], "a1");
  EXPECT_EQ(p1.body["TableList"][1]["Name"], "a3");
  ASSERT_TRUE(p1.body.contains("NextToken"));
  Response p2 = CallGlue(c, "GetTables",
                         {{"DatabaseName", "default"}, {"MaxResults", 2}, {"NextToken", p1.body["NextToken"]}}, kT);
  ASSERT_TRUE(p2.ok());
  ASSERT_EQ(p2.body["TableList"].size(), 1u);
  EXPECT_EQ(p2.body["TableList"][0]["Name"], "b2");
  EXPECT_FALSE(p2.body.contains("NextToken"));
  Response filtered = CallGlue(c, "GetTables", {{"DatabaseName", "default"}, {"Expression", "a*"}}, kT);
  EXPECT_EQ(filtered.body["TableList"].size(), 2u);
  EXPECT_EQ(CallGlue(c, "GetTables", {{"DatabaseName", "default"}, {"NextToken", "junk"}}, kT).error->code,
            "InvalidInputException");
  EXPECT_EQ(CallGlue(c, "GetTables", {{"DatabaseName", "nope"}}, kT).error->code, "EntityNotFoundException");
  Response dbs = CallGlue(c, "GetDatabases", Json::object(), kT);
  ASSERT_TRUE(dbs.ok());
  EXPECT_EQ(dbs.body["DatabaseList"].size(), 1u);
}

}  // namespace
}  // namespace fhl
