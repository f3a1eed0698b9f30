// tierlens — the rule as SQL (sql.hpp). The query is one WITH statement; each step names the engine
// function it mirrors. What differs between DuckDB, Spark SQL and Trino is behind the Dialect helpers
// at the top: string literals, month and day arithmetic, trimming, row values; the rest is SQL all
// three read alike.
#include "sql/sql.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "normalize/normalize.hpp"

namespace tl::sql {

const char* dialect_name(Dialect d) {
  switch (d) {
    case Dialect::DuckDB: return "duckdb";
    case Dialect::Spark: return "spark";
    case Dialect::Trino: return "trino";
  }
  return "?";
}

std::optional<Dialect> parse_dialect(std::string_view name) {
  for (Dialect d : {Dialect::DuckDB, Dialect::Spark, Dialect::Trino})
    if (name == dialect_name(d)) return d;
  return std::nullopt;
}

namespace {

// [SECTION] the dialect differences -------------------------------------------------------------

struct Sql {
  Dialect d;

  // A string literal. Spark reads backslash escapes in literals (spark.sql.parser.escapedStringLiterals
  // is false by default) and has no '' before 3.4: \\ and \'. DuckDB and Trino: standard SQL, ''.
  // Control characters are spliced in with chr(), which all three have, so a literal is one line.
  std::string str(std::string_view s) const {
    std::string out = "'";
    bool spliced = false;
    for (char ch : s) {
      const unsigned char c = static_cast<unsigned char>(ch);
      if (c < 0x20) {
        out += "' || chr(" + std::to_string(c) + ") || '";
        spliced = true;
      } else if (ch == '\'') {
        out += d == Dialect::Spark ? "\\'" : "''";
      } else if (ch == '\\' && d == Dialect::Spark) {
        out += "\\\\";
      } else {
        out += ch;
      }
    }
    out += "'";
    return spliced ? "(" + out + ")" : out;
  }

  // The first second of a month (norm::month_index) as a timestamp literal (zone-less: CST wall clock).
  std::string month_start(int month) const {
    char b[64];
    std::snprintf(b, sizeof b, "TIMESTAMP '%04d-%02d-01 00:00:00'", norm::month_year(month), norm::month_month(month));
    return b;
  }
  static std::string timestamp(const char* text) { return std::string("TIMESTAMP '") + text + "'"; }

  // A month start plus n months.
  std::string add_months(const std::string& x, int n) const {
    if (n == 0) return x;
    switch (d) {
      case Dialect::Trino: return "date_add('month', " + std::to_string(n) + ", " + x + ")";
      case Dialect::DuckDB:
      case Dialect::Spark: break;
    }
    return "(" + x + (n < 0 ? " - " : " + ") + "INTERVAL '" + std::to_string(n < 0 ? -n : n) + "' MONTH)";
  }

  // A time plus n days.
  std::string add_days(const std::string& x, int n) const {
    if (d == Dialect::Trino) return "date_add('day', " + std::to_string(n) + ", " + x + ")";
    return "(" + x + (n < 0 ? " - " : " + ") + "INTERVAL '" + std::to_string(n < 0 ? -n : n) + "' DAY)";
  }

  // A row value ordered field by field, and the x of the row with the least ordering value.
  std::string row(const std::string& a, const std::string& b) const {
    return (d == Dialect::Spark ? "struct(" : "ROW(") + a + ", " + b + ")";
  }
  static std::string min_by(const std::string& x, const std::string& by) { return "min_by(" + x + ", " + by + ")"; }

  static std::string trunc(const char* unit, const std::string& x) { return std::string("date_trunc('") + unit + "', " + x + ")"; }

  // What status_excluded compares: the text without surrounding spaces, tabs, CR and LF, ASCII letters
  // lower-cased (lower() would also fold non-ASCII letters, which the engine does not).
  std::string status_key(const std::string& x) const {
    const std::string ws = "' ' || chr(9) || chr(13) || chr(10)";
    const std::string trimmed = d == Dialect::DuckDB ? "trim(" + x + ", " + ws + ")" : "trim(BOTH " + ws + " FROM " + x + ")";
    return "translate(" + trimmed + ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')";
  }
};

// The engine's trim and ASCII lower-casing of an excluded status (rules.cpp, status_excluded).
std::string status_key(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string whole(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.0f", v);
  return b;
}

// A comment line's text: one line, whatever the rule's name holds.
std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  return out;
}

const char* metric_column(Metric m) {
  switch (m) {
    case Metric::PaidOrders: return "paid_orders";
    case Metric::ActiveMerchants: return "active_merchants";
    case Metric::QualifiedMerchants: return "qualified_merchants";
    case Metric::PaidAmount: break;
  }
  return nullptr;
}

// A tier condition (tiers.cpp, op_holds). The tables carry no amount: a paid_amount condition is
// decided as the engine decides it for a provider whose paid amount is 0.
std::string condition(const Condition& c) {
  const char* column = metric_column(c.metric);
  if (!column) return op_holds(c.op, 0.0, c.value) ? "TRUE" : "FALSE";
  const char* op = c.op == Op::Eq ? "=" : op_name(c.op);
  return std::string(column) + " " + op + " " + whole(c.value);
}

// Whether a tier is earned, apart from the base tier (decide_tiers): configured, every `all`
// condition, and one of the `any` conditions when there are any.
std::string earned(const Tier& t) {
  std::string all;
  for (const Condition& c : t.all) all += (all.empty() ? "" : " AND ") + condition(c);
  std::string any;
  for (const Condition& c : t.any) any += (any.empty() ? "" : " OR ") + condition(c);
  if (all.empty()) return "(" + any + ")";
  if (any.empty()) return all;
  return all + " AND (" + any + ")";
}

}  // namespace

// [SECTION] the query ---------------------------------------------------------------------------

std::string query(const RuleSet& rules, Dialect dialect, std::optional<Window> window) {
  const Sql S{dialect};
  const int n = std::max(1, rules.window_months);
  std::string q;
  auto line = [&q](const std::string& s) { q += s + "\n"; };

  // header
  line(std::string("-- tierlens sql --dialect ") + dialect_name(dialect) +
       ": paid orders, active and qualified merchants and the tier of each provider (docs/sql.md)");
  line("-- rule set: " + one_line(rules.name.empty() ? "(unnamed)" : rules.name));
  if (window) {
    char a[8], b[8];
    norm::format_month(window->first_month, a);
    norm::format_month(window->last_month, b);
    line(std::string("-- window: ") + a + ".." + b);
  } else {
    line("-- window: the latest " + std::to_string(n) + " whole calendar month(s) of the data: ending with the last month with a");
    line("--         pay time, or the month before when that one is still running (no pay time on its last day)");
  }
  line("-- tables: orders(main_order_id, order_id, merchant_id, pay_time, status, provider_id),");
  line("--         bindings(merchant_id, provider_id, industry, bind_start, bind_end), standards(industry, standard);");
  line("--         times are China Standard Time wall clock");
  line("WITH");

  // the order records (store/ingest.cpp, ingest_order): an order key and a shop id, else the row is
  // not read; pay times to the second, outside [2000-01-01, 2000-01-01 + 2^32 - 1 s) not understood
  const std::string key = "COALESCE(NULLIF(main_order_id, ''), NULLIF(order_id, ''))";
  line("-- order rows as the engine keeps them: an order key (main order id, else order id) and a shop id;");
  line("-- pay times to the second, before 2000 or after 2136-02-07 06:28:14 not understood (as unpaid)");
  line("o AS (");
  line("  SELECT " + key + " AS order_key,");
  line("         merchant_id,");
  line("         CASE WHEN pay_time >= " + S.timestamp("2000-01-01 00:00:00") + " AND pay_time < " + S.timestamp("2136-02-07 06:28:15"));
  line("              THEN " + S.trunc("second", "pay_time") + " END AS pay_time,");
  line("         COALESCE(status, '') AS status,");
  line("         provider_id");
  line("  FROM orders");
  line("  WHERE " + key + " IS NOT NULL AND NULLIF(merchant_id, '') IS NOT NULL");
  line("),");

  // the window (window.cpp, default_window_of: every record with a pay time, counted or not)
  line("-- the window [w0, w1)");
  if (window) {
    line("win AS (SELECT " + S.month_start(window->first_month) + " AS w0, " + S.month_start(window->last_month + 1) + " AS w1),");
  } else {
    // the last month with a pay time, or the month before it when it is still running (its latest pay
    // time is before its last day) and other months have data
    line("data_end AS (");
    line("  SELECT " + S.trunc("month", "MAX(pay_time)") + " AS last_month, MAX(pay_time) AS last_pay,");
    line("         COUNT(DISTINCT " + S.trunc("month", "pay_time") + ") AS months");
    line("  FROM o");
    line("),");
    line("last_whole AS (");
    line("  SELECT CASE WHEN months > 1 AND last_pay < " + S.add_days(S.add_months("last_month", 1), -1));
    line("              THEN " + S.add_months("last_month", -1) + " ELSE last_month END AS m");
    line("  FROM data_end");
    line("),");
    line("win AS (SELECT " + S.add_months("m", -(n - 1)) + " AS w0, " + S.add_months("m", 1) + " AS w1 FROM last_whole),");
  }

  // bindings (ingest_binding): a shop and a provider; empty start: from the beginning; empty end:
  // still bound; an end not after the start refuses the row
  line("-- valid bindings: NULL start = bound from the beginning, NULL end = still bound, end <= start refused");
  line("vb AS (");
  line("  SELECT merchant_id, provider_id, NULLIF(industry, '') AS industry,");
  line("         " + S.trunc("second", "bind_start") + " AS bs, " + S.trunc("second", "bind_end") + " AS be");
  line("  FROM bindings");
  line("  WHERE NULLIF(merchant_id, '') IS NOT NULL AND NULLIF(provider_id, '') IS NOT NULL");
  line("    AND (bind_start IS NULL OR bind_end IS NULL OR " + S.trunc("second", "bind_end") + " > " + S.trunc("second", "bind_start") + ")");
  line("),");

  // attribution mode (attribution.hpp, Attribution::build)
  line("-- attribution: 1 by bindings (any valid binding), 2 by the orders' provider column (a row with one,");
  line("-- even empty), 3 one provider ''");
  line("att_mode AS (");
  line("  SELECT CASE WHEN b.n > 0 THEN 1 WHEN c.n > 0 THEN 2 ELSE 3 END AS by_");
  line("  FROM (SELECT COUNT(*) AS n FROM vb) b CROSS JOIN (SELECT COUNT(provider_id) AS n FROM o) c");
  line("),");

  // paid rows in the window (evaluate.cpp: unpaid_status, missing/bad pay time, outside_window)
  std::set<std::string> excluded;
  for (const std::string& s : rules.excluded_statuses) excluded.insert(status_key(s));
  if (!excluded.empty()) {
    std::string list;
    for (const std::string& s : excluded) list += (list.empty() ? "" : ", ") + S.str(s);
    line("-- the statuses the rule excludes as the data writes them: each distinct status, trimmed and ASCII");
    line("-- lower-cased, against the rule's list (also trimmed and lower-cased)");
    line("ex AS (");
    line("  SELECT s FROM (SELECT DISTINCT COALESCE(status, '') AS s FROM orders) d");
    line("  WHERE " + S.status_key("s") + " IN (" + list + ")");
    line("),");
  }
  line("-- paid rows in the window: a pay time, and a status not excluded");
  line("pw AS (");
  line("  SELECT o.order_key, o.merchant_id, o.pay_time, o.provider_id");
  line(std::string("  FROM o CROSS JOIN win") + (excluded.empty() ? "" : " LEFT JOIN ex ON ex.s = o.status"));
  line(std::string("  WHERE o.pay_time IS NOT NULL AND o.pay_time >= win.w0 AND o.pay_time < win.w1") + (excluded.empty() ? "" : " AND ex.s IS NULL"));
  line("),");

  // Attribution::of_order: the binding in force at pay time; the latest start wins (the engine: among
  // equal starts the one read last; here the larger provider id). Decided once per span between two
  // consecutive bind times of a shop (no binding starts or ends inside one), not once per order row.
  line("-- by bindings: a shop's bind times cut time into spans; in each the binding in force with the latest");
  line("-- start gives the provider (bind_start <= t < bind_end); a NULL start is the first span's, from the beginning");
  line("pts AS (");
  line("  SELECT merchant_id, bs AS t FROM vb");
  line("  UNION");
  line("  SELECT merchant_id, be AS t FROM vb WHERE be IS NOT NULL");
  line("),");
  line("span AS (");
  line("  SELECT merchant_id, t AS s0, LEAD(t) OVER (PARTITION BY merchant_id ORDER BY t NULLS FIRST) AS s1 FROM pts");
  line("),");
  line("span_p AS (");
  line("  SELECT x.merchant_id, x.s0, x.s1, x.provider_id FROM (");
  line("    SELECT span.merchant_id, span.s0, span.s1, vb.provider_id,");
  line("           ROW_NUMBER() OVER (PARTITION BY span.merchant_id, span.s0 ORDER BY vb.bs DESC NULLS LAST, vb.provider_id DESC) AS rn");
  line("    FROM span JOIN vb ON vb.merchant_id = span.merchant_id");
  line("     AND (vb.bs IS NULL OR vb.bs <= span.s0) AND (vb.be IS NULL OR span.s0 IS NULL OR span.s0 < vb.be)");
  line("  ) x WHERE x.rn = 1");
  line("),");
  line("pb AS (");
  line("  SELECT pw.order_key, pw.merchant_id, pw.pay_time, sp.provider_id");
  line("  FROM pw JOIN span_p sp ON sp.merchant_id = pw.merchant_id");
  line("   AND (sp.s0 IS NULL OR sp.s0 <= pw.pay_time) AND (sp.s1 IS NULL OR pw.pay_time < sp.s1)");
  line("),");
  line("att AS (");
  line("  SELECT pb.order_key, pb.merchant_id, pb.pay_time, pb.provider_id FROM pb CROSS JOIN att_mode m WHERE m.by_ = 1");
  line("  UNION ALL");
  line("  SELECT pw.order_key, pw.merchant_id, pw.pay_time, pw.provider_id FROM pw CROSS JOIN att_mode m");
  line("  WHERE m.by_ = 2 AND NULLIF(pw.provider_id, '') IS NOT NULL");
  line("  UNION ALL");
  line("  SELECT pw.order_key, pw.merchant_id, pw.pay_time, '' AS provider_id FROM pw CROSS JOIN att_mode m WHERE m.by_ = 3");
  line("),");

  // dedupe (count_variants): one row per provider and order key
  line("-- each order once per provider (the engine counts the first row read; tables have no reading order:");
  line("-- the earliest pay time, then the smallest shop id)");
  line("pick AS (");
  line("  SELECT provider_id, " + S.min_by("merchant_id", S.row("pay_time", "merchant_id")) + " AS merchant_id,");
  line("         " + S.trunc("month", "MIN(pay_time)") + " AS pay_month");
  line("  FROM att GROUP BY provider_id, order_key");
  line("),");
  line("cells AS (");
  line("  SELECT provider_id, merchant_id, pay_month, COUNT(*) AS n FROM pick");
  line("  GROUP BY provider_id, merchant_id, pay_month");
  line("),");

  // merchant rows (open_providers, merchant_rows): pairs with counted orders, and every binding that
  // overlaps the window (there are valid bindings only when attribution is by bindings)
  line("-- merchant rows: (provider, shop) pairs with counted orders, and those of bindings overlapping the window");
  line("pairs AS (");
  line("  SELECT provider_id, merchant_id FROM cells");
  line("  UNION");
  line("  SELECT vb.provider_id, vb.merchant_id FROM vb CROSS JOIN win");
  line("  WHERE (vb.bs IS NULL OR vb.bs < win.w1) AND (vb.be IS NULL OR vb.be > win.w0)");
  line("),");
  line("mrow AS (");
  line("  SELECT p.provider_id, p.merchant_id, COALESCE(SUM(c.n), 0) AS total, COALESCE(MAX(c.n), 0) AS best");
  line("  FROM pairs p LEFT JOIN cells c ON c.provider_id = p.provider_id AND c.merchant_id = p.merchant_id");
  line("  GROUP BY p.provider_id, p.merchant_id");
  line("),");

  // standards (merchant_rows): the shop's industry from its bindings; the standards table, else the
  // rule's industry_standards, else default_standard; no industry: default_standard
  line("-- a shop's industry: of its valid bindings naming one, the latest (the engine: the last row read)");
  line("ind AS (");
  line("  SELECT merchant_id, industry FROM (");
  line("    SELECT merchant_id, industry,");
  line("           ROW_NUMBER() OVER (PARTITION BY merchant_id ORDER BY bs DESC NULLS LAST, be DESC NULLS FIRST, industry DESC) AS rn");
  line("    FROM vb WHERE industry IS NOT NULL");
  line("  ) x WHERE rn = 1");
  line("),");
  line("std_t AS (");
  line("  SELECT industry, MAX(standard) AS standard FROM standards");
  line("  WHERE NULLIF(industry, '') IS NOT NULL AND standard >= 0 GROUP BY industry");
  line("),");
  const std::string dflt = rules.default_standard ? std::to_string(*rules.default_standard) : "CAST(NULL AS BIGINT)";
  std::string standard = "s.standard";   // with an industry: the table, the rule's entry, the default
  if (!rules.industry_standards.empty() || rules.default_standard) {
    standard = "COALESCE(s.standard";
    if (!rules.industry_standards.empty()) {
      standard += ", CASE i.industry";
      for (const auto& [industry, v] : rules.industry_standards) standard += " WHEN " + S.str(industry) + " THEN " + std::to_string(v);
      standard += " END";
    }
    if (rules.default_standard) standard += ", " + dflt;
    standard += ")";
  }
  line("-- the standard: the standards table, else the rule's industry_standards, else default_standard");
  line("mstd AS (");
  line("  SELECT m.provider_id, m.total, m.best,");
  line("         CASE WHEN i.industry IS NULL THEN " + dflt + " ELSE " + standard + " END AS standard");
  line("  FROM mrow m LEFT JOIN ind i ON i.merchant_id = m.merchant_id LEFT JOIN std_t s ON s.industry = i.industry");
  line("),");

  // provider totals; the one provider exists even without data
  const char* cmp = rules.qualified_strict ? ">" : ">=";
  line("-- per provider: qualified = a window month with orders " + std::string(cmp) + " the standard (months without orders count 0)");
  line("prov AS (");
  line("  SELECT provider_id,");
  line("         CAST(SUM(total) AS BIGINT) AS paid_orders,");
  line("         CAST(SUM(CASE WHEN total > 0 THEN 1 ELSE 0 END) AS BIGINT) AS active_merchants,");
  line("         CAST(SUM(CASE WHEN standard IS NOT NULL AND best " + std::string(cmp) + " standard THEN 1 ELSE 0 END) AS BIGINT) AS qualified_merchants");
  line("  FROM mstd GROUP BY provider_id");
  line("),");
  line("metrics AS (");
  line("  SELECT a.provider_id, COALESCE(p.paid_orders, 0) AS paid_orders, COALESCE(p.active_merchants, 0) AS active_merchants,");
  line("         COALESCE(p.qualified_merchants, 0) AS qualified_merchants");
  line("  FROM (SELECT provider_id FROM mrow UNION SELECT '' AS provider_id FROM att_mode WHERE by_ = 3) a");
  line("  LEFT JOIN prov p ON p.provider_id = a.provider_id");
  line("),");

  // tiers (decide_tiers): the highest configured tier whose conditions hold; the first always
  std::string rank = "CASE";
  std::string ids = "CASE tier_rank";
  for (size_t t = rules.tiers.size(); t-- > 1;) {
    const Tier& tier = rules.tiers[t];
    if (!tier.configured()) continue;
    rank += "\n           WHEN " + earned(tier) + " THEN " + std::to_string(t);
    ids += " WHEN " + std::to_string(t) + " THEN " + S.str(tier.id);
  }
  rank = rank == "CASE" ? "0" : rank + "\n           ELSE 0 END";
  const std::string base = S.str(rules.tiers.empty() ? std::string() : rules.tiers[0].id);
  ids = ids == "CASE tier_rank" ? base : ids + " ELSE " + base + " END";
  line("-- the tier: the highest tier with conditions whose `all` hold and one of whose `any` holds; else the first");
  line("tiered AS (");
  line("  SELECT provider_id, paid_orders, active_merchants, qualified_merchants,");
  line("         " + rank + " AS tier_rank");
  line("  FROM metrics");
  line(")");
  line("SELECT provider_id, paid_orders, active_merchants, qualified_merchants,");
  line("       " + ids + " AS tier");
  line("FROM tiered");
  line("ORDER BY tier_rank DESC, paid_orders DESC, provider_id;");
  return q;
}

}  // namespace tl::sql
