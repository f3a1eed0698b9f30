// The hand-written JavaScript peer's logic (used with PapaParse in the browser, and by the smoke
// test's self-check): the three tier metrics per provider with the SPEC's definitions, from rows
// given as arrays of strings. Plain JS Maps and strings, as a careful script author would write it.
export const EXCLUDED_STATUSES = ['未支付', '待支付', '待付款', 'unpaid', 'pending payment'];

export const COLUMNS = {
  orders: { main: ['主订单编号'], sub: ['子订单编号'], shop: ['店铺ID'], pay: ['支付完成时间'], status: ['订单状态'] },
  bindings: { shop: ['店铺ID'], provider: ['服务商ID'], industry: ['行业'], start: ['绑定开始时间'], end: ['绑定结束时间'] },
  standards: { industry: ['行业'], standard: ['月度达标订单量标准'] },
};

const isWs = (c) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || c === 0xfeff;
export function trimWs(s) {
  let b = 0, e = s.length;
  while (b < e && isWs(s.charCodeAt(b))) ++b;
  while (e > b && isWs(s.charCodeAt(e - 1))) --e;
  return b === 0 && e === s.length ? s : s.slice(b, e);
}
const isDigit = (c) => c >= 48 && c <= 57;
export function cleanId(raw) {
  if (!raw) return '';
  // fast path: a plain number (the common case once the tab guard is gone)
  if (isDigit(raw.charCodeAt(0)) && isDigit(raw.charCodeAt(raw.length - 1))) return raw;
  let s = trimWs(raw);
  if (s.length >= 3 && s.startsWith('="') && s.endsWith('"')) s = trimWs(s.slice(2, -1));
  else if (s.startsWith("'")) s = trimWs(s.slice(1));
  return s;
}
export function isEmpty(s) {
  if (s === '' || /^-+$/.test(s)) return true;
  const l = s.toLowerCase();
  return l === 'null' || l === 'n/a' || l === '#n/a';
}
const SCI = /^[+-]?[0-9]+(\.[0-9]*)?[eE][+-]?[0-9]+$/;
export function isScientific(s) { return SCI.test(s); }

// Zone-less CST wall clock "YYYY-MM-DD[ HH:MM[:SS]]" (also with '/'): seconds since 1970 of that
// wall clock (i.e. CST seconds), or NaN. Validates month, day, hour, minute, second.
const TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const DIM = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const d2 = (s, i) => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);
function fastTime(s) {  // exactly "YYYY-MM-DD HH:MM:SS": no regex
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) if (!isDigit(s.charCodeAt(i))) return NaN;
  if (s[4] !== '-' || s[7] !== '-' || s[10] !== ' ' || s[13] !== ':' || s[16] !== ':') return NaN;
  const y = d2(s, 0) * 100 + d2(s, 2), mo = d2(s, 5), d = d2(s, 8), h = d2(s, 11), mi = d2(s, 14), sec = d2(s, 17);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return NaN;
  if (d > (mo === 2 && leap(y) ? 29 : DIM[mo - 1])) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, sec) / 1000;
}
export function parseTime(raw) {
  if (raw && raw.length === 19) return fastTime(raw);
  const m = TIME.exec(trimWs(raw || ''));
  if (!m) return NaN;
  const y = +m[1], mo = +m[2], d = +m[3], h = m[4] ? +m[4] : 0, mi = m[5] ? +m[5] : 0, s = m[6] ? +m[6] : 0;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return NaN;
  if (d > (mo === 2 && leap(y) ? 29 : DIM[mo - 1])) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}
const T2000 = Date.UTC(2000, 0, 1) / 1000, T2136 = Date.UTC(2136, 0, 1) / 1000;

function indexOf(header, names, file) {
  const h = header.map((x) => trimWs(String(x).replace(/^\ufeff/, '')));
  for (const n of names) {
    const i = h.indexOf(n);
    if (i >= 0) return i;
  }
  throw new Error(`${file}: none of the columns ${names.join('/')} in header ${h.join(',')}`);
}

export class TierMetrics {
  // bindings, standards: arrays of rows (header first)
  constructor(bindings, standards) {
    const bc = {};
    for (const [k, names] of Object.entries(COLUMNS.bindings)) bc[k] = indexOf(bindings[0], names, 'bindings');
    this.binds = new Map();     // shop -> [{provider, start, end}]
    this.industry = new Map();  // shop -> industry (the last binding row wins)
    for (let i = 1; i < bindings.length; ++i) {
      const r = bindings[i];
      if (r.length < 2) continue;
      const shop = cleanId(r[bc.shop]), provider = cleanId(r[bc.provider]);
      if (isEmpty(shop) || isScientific(shop) || isEmpty(provider)) continue;
      const st = trimWs(r[bc.start] || ''), en = trimWs(r[bc.end] || '');
      const start = isEmpty(st) ? -Infinity : parseTime(st), end = isEmpty(en) ? Infinity : parseTime(en);
      if (Number.isNaN(start) || Number.isNaN(end)) continue;
      if (!this.binds.has(shop)) this.binds.set(shop, []);
      this.binds.get(shop).push({ provider, start, end });
      const ind = cleanId(r[bc.industry]);
      if (!isEmpty(ind)) this.industry.set(shop, ind);
    }
    for (const v of this.binds.values()) v.sort((a, b) => a.start - b.start);
    const sc = {};
    for (const [k, names] of Object.entries(COLUMNS.standards)) sc[k] = indexOf(standards[0], names, 'standards');
    this.standard = new Map();
    for (let i = 1; i < standards.length; ++i) {
      const r = standards[i];
      if (r.length < 2) continue;
      const ind = cleanId(r[sc.industry]);
      const v = Number(cleanId(r[sc.standard]).replace(/,/g, ''));
      if (!isEmpty(ind) && Number.isInteger(v)) this.standard.set(ind, v);
    }
    this.excluded = new Set(EXCLUDED_STATUSES);
    this.statusCache = new Map();
    this.cols = null;
    this.maxMonth = -Infinity;
    this.minMonth = Infinity;
    this.maxT = -Infinity;      // the latest valid pay time (CST seconds): is the last month still running?
    this.seen = new Map();      // provider \x01 main order id -> [shop, month]
  }
  // the orders header, then every data row (arrays of strings)
  header(row) {
    this.cols = {};
    for (const [k, names] of Object.entries(COLUMNS.orders)) this.cols[k] = indexOf(row, names, 'orders');
  }
  statusKey(st) {  // trimmed, lower case; cached per distinct raw value
    let k = this.statusCache.get(st);
    if (k === undefined) { k = trimWs(st).toLowerCase(); this.statusCache.set(st, k); }
    return k;
  }
  row(r) {
    const c = this.cols;
    if (r.length === 1 && r[0] === '') return;  // blank line
    let id = cleanId(r[c.main]);
    if (isEmpty(id)) id = cleanId(r[c.sub]);
    if (isEmpty(id) || isScientific(id)) return;
    const shop = cleanId(r[c.shop]);
    if (isEmpty(shop) || isScientific(shop)) return;
    const t = parseTime(r[c.pay]);
    if (!(t >= T2000 && t < T2136)) return;
    const dt = new Date(t * 1000);
    const month = dt.getUTCFullYear() * 12 + dt.getUTCMonth();
    if (month > this.maxMonth) this.maxMonth = month;
    if (month < this.minMonth) this.minMonth = month;
    if (t > this.maxT) this.maxT = t;
    const st = r[c.status];
    if (st && this.excluded.has(this.statusKey(st))) return;
    const bs = this.binds.get(shop);
    if (!bs) return;
    let provider = null;
    for (const b of bs) {
      if (b.start > t) break;
      if (t < b.end) provider = b.provider;
    }
    if (provider === null) return;
    const key = provider + '\x01' + id;
    if (!this.seen.has(key)) this.seen.set(key, [shop, month]);
  }
  result() {
    // the rule's calendar: a last month that stops before its last day is still running, left out
    // (unless it is the only month with data)
    let last = this.maxMonth;
    const y = Math.floor(last / 12), m = last % 12;
    const lastDay = Date.UTC(y, m + 1, 1) / 1000 - 86400;
    if (this.maxT < lastDay && this.minMonth < last) last -= 1;
    const w0 = last - 2, w1 = last;
    const paid = new Map(), perMonth = new Map();
    for (const [key, [shop, month]] of this.seen) {
      if (month < w0 || month > w1) continue;
      const provider = key.slice(0, key.indexOf('\x01'));
      paid.set(provider, (paid.get(provider) || 0) + 1);
      const k = provider + '\x01' + shop + '\x01' + month;
      perMonth.set(k, (perMonth.get(k) || 0) + 1);
    }
    const active = new Map(), qualified = new Map();
    for (const [k, n] of perMonth) {
      const [provider, shop] = k.split('\x01');
      const ps = provider + '\x01' + shop;
      active.set(ps, true);
      const std = this.standard.get(this.industry.get(shop));
      if (std !== undefined && n > std) qualified.set(ps, true);
    }
    const out = {};
    for (const [p, n] of paid) out[p] = { paid_orders: n, active_merchants: 0, qualified_merchants: 0 };
    for (const ps of active.keys()) out[ps.split('\x01')[0]].active_merchants++;
    for (const ps of qualified.keys()) out[ps.split('\x01')[0]].qualified_merchants++;
    return out;
  }
}
