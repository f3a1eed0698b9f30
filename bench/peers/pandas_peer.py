#!/usr/bin/env python3
"""pandas peer of the tierlens benchmark: python3 bench/peers/pandas_peer.py ORDERS BINDINGS STANDARDS [SEPS]

read_csv (all columns as str) + vectorised cleaning + merge + groupby, with the SPEC's definitions
(see bench/README.md). Prints {"metrics": {provider: {...}}, "ms": {...}} as JSON on stdout.
SEPS: three separator characters for orders, bindings, standards (t = tab), default ",,,".
"""
import json
import sys
import time

import pandas as pd

EXCLUDED = ["未支付", "待支付", "待付款", "unpaid", "pending payment"]
WS = " \t\r\n\u00a0\u3000\ufeff"
FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d"]


def clean(s):
    s = s.fillna("").str.strip(WS)
    g = (s.str.len() >= 3) & s.str.startswith('="') & s.str.endswith('"')
    if g.any():
        s = s.where(~g, s.str[2:-1].str.strip(WS))
    q = s.str.startswith("'")
    if q.any():
        s = s.where(~q, s.str[1:].str.strip(WS))
    return s


def empty(s):
    return (s == "") | s.str.fullmatch(r"-+") | s.str.lower().isin(["null", "n/a", "#n/a"])


def scientific(s):
    return s.str.fullmatch(r"[+-]?[0-9]+(\.[0-9]*)?[eE][+-]?[0-9]+")


def times(s):
    s = s.fillna("").str.strip(WS)
    out = pd.to_datetime(s, format=FORMATS[0], errors="coerce")
    for f in FORMATS[1:]:
        miss = out.isna() & (s != "")
        if not miss.any():
            break
        out[miss] = pd.to_datetime(s[miss], format=f, errors="coerce")
    return out


def main():
    orders, bindings, standards = sys.argv[1:4]
    seps = [("\t" if c == "t" else c) for c in (sys.argv[4] if len(sys.argv) > 4 else ",,,")]
    t0 = time.perf_counter()
    cols = ["主订单编号", "子订单编号", "店铺ID", "支付完成时间", "订单状态"]
    o = pd.read_csv(orders, sep=seps[0], dtype=str, usecols=cols, keep_default_na=False, encoding="utf-8-sig")
    t1 = time.perf_counter()
    main_id = clean(o["主订单编号"])
    oid = main_id.where(~empty(main_id), clean(o["子订单编号"]))
    shop = clean(o["店铺ID"])
    ok = ~empty(oid) & ~scientific(oid) & ~empty(shop) & ~scientific(shop)
    pay = times(o["支付完成时间"])
    ok &= (pay >= pd.Timestamp("2000-01-01")) & (pay < pd.Timestamp("2136-01-01"))
    df = pd.DataFrame({"oid": oid[ok], "shop": shop[ok], "pay": pay[ok],
                       "st": o["订单状态"][ok].fillna("").str.strip(WS).str.lower()})
    del o, main_id, oid, shop, pay
    # the rule's calendar: a last month that stops before its last day is still running, left out
    # (unless it is the only month with data)
    last = df["pay"].max().to_period("M")
    if df["pay"].max() < (last + 1).to_timestamp() - pd.Timedelta(days=1) and df["pay"].min().to_period("M") < last:
        last = last - 1
    w0 = (last - 2).to_timestamp()
    w1 = (last + 1).to_timestamp()
    df = df[(df["pay"] >= w0) & (df["pay"] < w1) & ~df["st"].isin(EXCLUDED)]

    b = pd.read_csv(bindings, sep=seps[1], dtype=str, keep_default_na=False, encoding="utf-8-sig")
    b = pd.DataFrame({"shop": clean(b["店铺ID"]), "provider": clean(b["服务商ID"]), "industry": clean(b["行业"]),
                      "bs": times(b["绑定开始时间"]), "be": times(b["绑定结束时间"])})
    ind = b[~empty(b["industry"])].groupby("shop")["industry"].last()
    s = pd.read_csv(standards, sep=seps[2], dtype=str, keep_default_na=False, encoding="utf-8-sig")
    std = pd.Series(pd.to_numeric(clean(s["月度达标订单量标准"]).str.replace(",", ""), errors="coerce").values,
                    index=clean(s["行业"]).values)

    m = df.merge(b[["shop", "provider", "bs", "be"]], on="shop", how="inner")
    m = m[(m["bs"].isna() | (m["pay"] >= m["bs"])) & (m["be"].isna() | (m["pay"] < m["be"]))]
    m = m.drop_duplicates(["provider", "oid"])
    m["month"] = m["pay"].dt.to_period("M")
    paid = m.groupby("provider")["oid"].nunique()
    pm = m.groupby(["provider", "shop", "month"])["oid"].nunique().reset_index(name="n")
    pm["std"] = pm["shop"].map(ind).map(std)
    pm["q"] = pm["std"].notna() & (pm["n"] > pm["std"])
    ps = pm.groupby(["provider", "shop"])["q"].any().reset_index()
    active = ps.groupby("provider")["shop"].count()
    qualified = ps[ps["q"]].groupby("provider")["shop"].count()
    t2 = time.perf_counter()
    metrics = {p: {"paid_orders": int(paid[p]), "active_merchants": int(active.get(p, 0)),
                   "qualified_merchants": int(qualified.get(p, 0))} for p in paid.index}
    print(json.dumps({"metrics": metrics, "ms": {"read": (t1 - t0) * 1000, "total": (t2 - t0) * 1000}}, ensure_ascii=False))


if __name__ == "__main__":
    main()
