// glue_catalog_test.cpp: the Glue catalog: lower-cased names, Glue's error codes, cascade delete, generations and
// name patterns.
#include "core/glue_catalog.h"

#include <gtest/gtest.h>

namespace fhl {
namespace {

GlueTable Table(const std::string& db, const std::string& name) {
  GlueTable t;
  t.database = db;
  t.name = name;
  t.columns = {{"price", "double", ""}};
  t.location = "s3://b/p/";
  return t;
}

TEST(GlueCatalogTest, StartsWithDefaultDatabase) {
  GlueCatalog c;
  ASSERT_NE(c.FindDatabase("default"), nullptr);
  ASSERT_NE(c.FindDatabase("DEFAULT"), nullptr);
  EXPECT_EQ(c.ListDatabases().size(), 1u);
  EXPECT_TRUE(c.ListTables("default").empty());
}

TEST(GlueCatalogTest, DatabasesAreLowerCasedAndUnique) {
  GlueCatalog c;
  const uint64_t g0 = c.generation();
  GlueDatabase db;
  db.name = "Analytics";
  ASSERT_TRUE(c.CreateDatabase(db).ok());
  EXPECT_GT(c.generation(), g0);
  ASSERT_NE(c.FindDatabase("analytics"), nullptr);
  EXPECT_EQ(c.FindDatabase("ANALYTICS")->name, "analytics");
  db.name = "analytics";
  Status again = c.CreateDatabase(db);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "AlreadyExistsException");
  EXPECT_EQ(again.error().message, "Database already exists.");
  auto list = c.ListDatabases();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]->name, "analytics");
  EXPECT_EQ(list[1]->name, "default");
  db.name = "";
  EXPECT_EQ(c.CreateDatabase(db).error().code, "InvalidInputException");
  db.name = "bad\x01name";
  EXPECT_EQ(c.CreateDatabase(db).error().code, "InvalidInputException");
  db.name = std::string(256, 'a');
  EXPECT_EQ(c.CreateDatabase(db).error().code, "InvalidInputException");
  db.name = std::string(255, 'a');
  EXPECT_TRUE(c.CreateDatabase(db).ok());
}

TEST(GlueCatalogTest, TablesNeedTheirDatabaseAndAreLowerCased) {
  GlueCatalog c;
  Status missing = c.CreateTable(Table("nope", "t"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "EntityNotFoundException");
  EXPECT_EQ(missing.error().message, "Database nope not found.");
  ASSERT_TRUE(c.CreateTable(Table("Default", "Stock_Ticks")).ok());
  const GlueTable* t = c.FindTable("DEFAULT", "STOCK_TICKS");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->name, "stock_ticks");
  EXPECT_EQ(t->database, "default");
  Status dup = c.CreateTable(Table("default", "stock_ticks"));
  EXPECT_EQ(dup.error().code, "AlreadyExistsException");
  EXPECT_EQ(dup.error().message, "Table already exists.");
  ASSERT_TRUE(c.CreateTable(Table("default", "a_first")).ok());
  auto list = c.ListTables("default");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]->name, "a_first");
}

TEST(GlueCatalogTest, UpdateAndDeleteTables) {
  GlueCatalog c;
  GlueTable t = Table("default", "t");
  t.create_time = 5;
  ASSERT_TRUE(c.CreateTable(t).ok());
  GlueTable u = Table("default", "T");
  u.location = "s3://b/q/";
  const uint64_t g = c.generation();
  ASSERT_TRUE(c.UpdateTable(u).ok());
  EXPECT_GT(c.generation(), g);
  EXPECT_EQ(c.FindTable("default", "t")->location, "s3://b/q/");
  EXPECT_EQ(c.FindTable("default", "t")->create_time, 5);  // kept when not given
  EXPECT_EQ(c.UpdateTable(Table("default", "zz")).error().message, "Table zz not found.");
  EXPECT_EQ(c.DeleteTable("default", "zz").error().code, "EntityNotFoundException");
  ASSERT_TRUE(c.DeleteTable("DEFAULT", "T").ok());
  EXPECT_EQ(c.FindTable("default", "t"), nullptr);
}

TEST(GlueCatalogTest, DeletingADatabaseDeletesItsTables) {
  GlueCatalog c;
  GlueDatabase db;
  db.name = "lab";
  ASSERT_TRUE(c.CreateDatabase(db).ok());
  ASSERT_TRUE(c.CreateTable(Table("lab", "t")).ok());
  ASSERT_TRUE(c.DeleteDatabase("LAB").ok());
  EXPECT_EQ(c.FindDatabase("lab"), nullptr);
  EXPECT_EQ(c.FindTable("lab", "t"), nullptr);
  EXPECT_EQ(c.DeleteDatabase("lab").error().message, "Database lab not found.");
  ASSERT_TRUE(c.CreateDatabase(db).ok());
  EXPECT_TRUE(c.ListTables("lab").empty());  // recreated empty
}

TEST(GlueCatalogTest, NamePatterns) {
  EXPECT_TRUE(GlueNameMatches("stock*", "stock_ticks"));
  EXPECT_TRUE(GlueNameMatches("*TICKS", "stock_ticks"));
  EXPECT_TRUE(GlueNameMatches(".*tick.*", "stock_ticks"));
  EXPECT_TRUE(GlueNameMatches("x|stock_ticks", "stock_ticks"));
  EXPECT_TRUE(GlueNameMatches("stock_tick.", "stock_ticks"));
  EXPECT_FALSE(GlueNameMatches("stock", "stock_ticks"));
  EXPECT_FALSE(GlueNameMatches("ticks*", "stock_ticks"));
  EXPECT_TRUE(GlueNameMatches("*", ""));
}

}  // namespace
}  // namespace fhl
