// tierlens — the rule as SQL (src/core/sql): the generator's dialect helpers and the rule's pieces as
// they appear in the query. Whether the query computes what the engine does is tests/sql/parity.mjs
// (DuckDB against `tierlens evaluate`, and the Spark / Trino grammars), run by ctest as sql_parity.
#include <catch2/catch.hpp>

#include "sql/sql.hpp"

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("sql dialect names", "[sql]") {
  CHECK(tl::sql::parse_dialect("duckdb") == tl::sql::Dialect::DuckDB);
  CHECK(tl::sql::parse_dialect("spark") == tl::sql::Dialect::Spark);
  CHECK(tl::sql::parse_dialect("trino") == tl::sql::Dialect::Trino);
  CHECK_FALSE(tl::sql::parse_dialect("DuckDB"));
  CHECK_FALSE(tl::sql::parse_dialect("presto"));
  CHECK(std::string(tl::sql::dialect_name(tl::sql::Dialect::Spark)) == "spark");
}

TEST_CASE("sql: the built-in rule", "[sql]") {
  const tl::RuleSet r = tl::default_rules();
  for (tl::sql::Dialect d : {tl::sql::Dialect::DuckDB, tl::sql::Dialect::Spark, tl::sql::Dialect::Trino}) {
    const std::string q = tl::sql::query(r, d, std::nullopt);
    INFO(tl::sql::dialect_name(d));
    CHECK(q.rfind("-- tierlens sql --dialect ", 0) == 0);
    CHECK(q.back() == '\n');
    CHECK(has(q, "ORDER BY tier_rank DESC, paid_orders DESC, provider_id;\n"));
    // silver: all paid_orders >= 9000000, any of active >= 1000 / qualified >= 150; gold and diamond have none
    CHECK(has(q, "WHEN paid_orders >= 9000000 AND (active_merchants >= 1000 OR qualified_merchants >= 150) THEN 1"));
    CHECK(has(q, "CASE tier_rank WHEN 1 THEN 'silver' ELSE 'base' END AS tier"));
    CHECK_FALSE(has(q, "'gold'"));
    CHECK(has(q, "best > standard"));
    CHECK(has(q, " IN ('pending payment', 'unpaid', '待付款', '待支付', '未支付')\n"));
    CHECK(has(q, "LEFT JOIN ex ON ex.s = o.status"));
  }
  CHECK(has(tl::sql::query(r, tl::sql::Dialect::Trino, std::nullopt), "date_add('month', -2, m) AS w0"));
  CHECK(has(tl::sql::query(r, tl::sql::Dialect::DuckDB, std::nullopt), "(m - INTERVAL '2' MONTH) AS w0"));
  CHECK(has(tl::sql::query(r, tl::sql::Dialect::Spark, std::nullopt), "trim(BOTH ' ' || chr(9) || chr(13) || chr(10) FROM s)"));
}

TEST_CASE("sql: literals, windows, standards and conditions", "[sql]") {
  tl::RuleSet r = tl::default_rules();
  r.excluded_statuses = {"  It's\\Closed ", "UNPAID", "unpaid", "tab\there"};
  r.qualified_strict = false;
  r.default_standard = 7;
  r.industry_standards = {{"服饰", 3}};
  r.tiers[2].all = {{tl::Metric::PaidAmount, tl::Op::Ge, 0}, {tl::Metric::ActiveMerchants, tl::Op::Eq, 4}};
  r.tiers[3].any = {{tl::Metric::PaidAmount, tl::Op::Gt, 0.5}};
  r.tiers[0].id = "b'ase";
  const tl::Window w{2023 * 12 + 11, 2024 * 12 + 1};   // 2023-12 .. 2024-02
  const std::string duck = tl::sql::query(r, tl::sql::Dialect::DuckDB, w);
  const std::string spark = tl::sql::query(r, tl::sql::Dialect::Spark, w);
  // excluded statuses trimmed, ASCII lower-cased, deduplicated; Spark escapes with backslashes
  CHECK(has(duck, " IN ('it''s\\closed', ('tab' || chr(9) || 'here'), 'unpaid')\n"));
  CHECK(has(spark, " IN ('it\\'s\\\\closed', ('tab' || chr(9) || 'here'), 'unpaid')\n"));
  CHECK(has(duck, "-- window: 2023-12..2024-02"));
  CHECK(has(duck, "win AS (SELECT TIMESTAMP '2023-12-01 00:00:00' AS w0, TIMESTAMP '2024-03-01 00:00:00' AS w1)"));
  CHECK_FALSE(has(duck, "data_end"));
  CHECK(has(duck, "best >= standard"));
  CHECK(has(duck, "CASE WHEN i.industry IS NULL THEN 7 ELSE COALESCE(s.standard, CASE i.industry WHEN '服饰' THEN 3 END, 7) END AS standard"));
  // paid_amount is 0 in the tables: decided in the query text; == is SQL's =
  CHECK(has(duck, "WHEN (FALSE) THEN 3"));
  CHECK(has(duck, "WHEN TRUE AND active_merchants = 4 THEN 2"));
  CHECK(has(duck, "ELSE 'b''ase' END AS tier"));
  CHECK(has(spark, "ELSE 'b\\'ase' END AS tier"));
}

TEST_CASE("sql: a rule set with only the base tier", "[sql]") {
  tl::RuleSet r = tl::default_rules();
  r.tiers.resize(1);
  r.excluded_statuses.clear();
  r.name = "two\nlines";
  const std::string q = tl::sql::query(r, tl::sql::Dialect::Trino, std::nullopt);
  CHECK(has(q, "0 AS tier_rank"));
  CHECK(has(q, "'base' AS tier"));
  CHECK_FALSE(has(q, "ex AS ("));   // nothing excluded: no status lookup
  CHECK(has(q, "-- rule set: two lines\n"));
  CHECK_FALSE(has(q, "COALESCE(s.standard"));   // no rule standards, no default: the table's only
}
