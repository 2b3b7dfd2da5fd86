// athena_types.h: Athena (Trino) type names: Hive DDL type -> Athena type, type classes, coercion (common super
// type) and the spelling shown in result metadata. Plain C++; must not depend on SQLite or any service.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fhl {

// Types are Trino spellings: "varchar", "varchar(3)", "integer", "bigint", "double", "real", "boolean",
// "timestamp(3)", "timestamp(3) with time zone", "date", "decimal(10,2)", "array(varchar)", "unknown" (NULL).
std::string HiveToAthenaType(std::string_view hive_type);

// "varchar(3)" -> "varchar", "timestamp(3)" -> "timestamp", "timestamp(3) with time zone" ->
// "timestamp with time zone", "decimal(10,2)" -> "decimal"; others unchanged.
std::string AthenaBaseType(std::string_view type);

bool IsIntegerType(std::string_view type);   // tinyint, smallint, integer, bigint
bool IsNumericType(std::string_view type);   // integer types, real, double, decimal
bool IsStringType(std::string_view type);    // varchar, char
bool IsTemporalType(std::string_view type);  // timestamp, timestamp with time zone, date
inline bool IsUnknownType(std::string_view type) { return type == "unknown"; }

// The type both coerce to (Trino's implicit coercions), or nullopt when they are not comparable.
std::optional<std::string> CommonSuperType(std::string_view a, std::string_view b);

// Type name as a result column shows it (ColumnInfo.Type): base type; "unknown" shows as "unknown".
std::string ResultTypeName(std::string_view type);

// Parses a CAST target as written ("int", "varchar(10)", "double precision" already folded) into a Trino type;
// nullopt when the type is unknown to Trino ("Unknown type: x").
std::optional<std::string> CastTargetType(std::string_view written);

}  // namespace fhl
