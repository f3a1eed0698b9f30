#!/usr/bin/env python3
"""tierlens — the bad-files test's helper (run.sh drives it; standard library only).

    check.py plan    EXPECTED [--only a,b]          the cases as bash arrays (NAMES, TEXT, ARGS_<i>)
    check.py judge   EXPECTED RUNS OUTCOMES         judges every run in RUNS/<case>.<lang>/ (exit, stdout,
                                                    stderr, text; stdout.meta and text.meta: size and
                                                    sha256) against its case: one line each (ok / FAIL /
                                                    GAP), the totals, exit 1 on a failure; writes each
                                                    outcome (exit, codes, stderr, report hashes) to OUTCOMES
    check.py compare A B                            two outcome files must be identical (native vs wasm)

Codes come from the JSON report (each file's error, warnings and rejected rows, the not-counted reasons)
and from standard error: a message printed there carries no code, so each line is matched against the
catalog's templates as docs/messages.md lists them (in the run's language).
"""
import functools
import hashlib
import json
import os
import re
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, '..', '..', 'docs', 'messages.md')
CAP = 64 << 20                     # bytes of a report kept for parsing
LINE_CAP = 2000                    # a stderr line longer than 2 x this is matched on its head and tail
MAX_MESSAGE = 2000                 # characters: a person cannot read a longer message
EXIT_OK = {0, 2, 3}                # tierlens's exit codes; anything else is a crash (124: timeout)
INTERNAL = re.compile(r'nlohmann|json\.exception|\[json\.|what\(\)|std::|basic_string|terminate called|'
                      r'exception|Aborted\(|RuntimeError|out of bounds|unreachable', re.I)
CONTROL = re.compile(r'[\x00-\x08\x0b-\x1f\x7f]')


def load(expected):
    with open(expected, encoding='utf-8') as f:
        return json.load(f)


# ---- message templates (docs/messages.md) ------------------------------------------------------------
PLACEHOLDER = re.compile(r'\{([a-z_]+)(?::([a-z]+))?\}')
# what a placeholder can render as, by type: a number, a JSON type in words, anything else (lazily)
BY_TYPE = {'num': r'[\d,.]+', 'jtype': r'[A-Za-z\u4e00-\u9fff ]+?'}


@functools.lru_cache(None)
def templates():
    """{lang: [(code, longest literal piece, compiled regex)]} for every message text with enough words of
    its own to be told apart (`{command}: {detail}` is not)."""
    out = {'en': [], 'zh': []}
    code = None
    with open(DOCS, encoding='utf-8') as f:
        for line in f:
            m = re.match(r'^#### `([a-z_]+\.[a-z_]+)`', line)
            if m:
                code = m.group(1)
                continue
            if code and line.startswith('| text |'):
                cells = [c.strip().replace('\\|', '|') for c in re.split(r'(?<!\\)\|', line.strip())[1:-1]]
                for lang, tpl in (('en', cells[1]), ('zh', cells[2])):
                    parts = PLACEHOLDER.split(tpl)          # literal, name, type, literal, ...
                    literals = parts[0::3]
                    if len(re.sub(r'[\s:：.。,，;；“”"()（）]', '', ''.join(literals))) < 3:
                        continue
                    rx = re.escape(literals[0])
                    for i in range(1, len(parts), 3):
                        rx += BY_TYPE.get(parts[i + 1] or '', '.*?') + re.escape(parts[i + 2])
                    out[lang].append((code, max(literals, key=len), re.compile(rx, re.S)))
                code = None
    return out


def stderr_codes(text, lang):
    found = set()
    tpls = templates()[lang]
    for line in text.split('\n'):
        if len(line) > 2 * LINE_CAP:
            line = line[:LINE_CAP] + '…' + line[-LINE_CAP:]
        for code, longest, rx in tpls:
            if longest in line and rx.search(line):
                found.add(code)
    return found


def report_codes(rep):
    """Codes and the texts a person reads, from a tierlens.report/1."""
    codes, texts = set(), []
    dq = rep.get('data_quality') or {}
    for f in dq.get('files') or []:
        for m in ([f['error']] if f.get('error') else []) + list(f.get('warnings') or []):
            codes.add(m['code'])
            texts.append(m.get('text', '') + ' ' + ' '.join((m.get('fix') or {}).values()))
        codes.update((f.get('rejected') or {}).keys())
    codes.update((dq.get('not_counted') or {}).keys())
    return codes, texts


def dig(obj, path):
    for k in path.split('.'):
        obj = obj[int(k)] if isinstance(obj, list) else obj[k]
    return obj


def read(path, binary=False):
    try:
        with open(path, 'rb') as f:
            b = f.read()
    except FileNotFoundError:
        return b'' if binary else ''
    return b if binary else b.decode('utf-8', 'replace')


def meta(path):
    try:
        with open(path + '.meta') as f:
            return json.load(f)
    except FileNotFoundError:
        return {'bytes': 0, 'sha256': hashlib.sha256(b'').hexdigest()}


# ---- one run --------------------------------------------------------------------------------------------
def judge(c, lang, run, outcomes):
    name = c['name']
    code = int(read(os.path.join(run, 'exit')).strip() or -1)
    err_b = read(os.path.join(run, 'stderr'), True)
    err = err_b.decode('utf-8', 'replace')
    out_meta = meta(os.path.join(run, 'stdout'))
    rep, rep_note = None, ''
    if out_meta['bytes'] and out_meta['bytes'] <= CAP:
        try:
            rep = json.loads(read(os.path.join(run, 'stdout')))
        except ValueError as e:
            rep_note = 'stdout is not JSON (%s)' % e
    elif out_meta['bytes'] > CAP:
        rep_note = 'report of %d bytes not parsed' % out_meta['bytes']
    text_rep = read(os.path.join(run, 'text')) if os.path.exists(os.path.join(run, 'text')) else ''
    codes = stderr_codes(err, lang)
    texts = []
    if rep is not None:
        rc, texts = report_codes(rep)
        codes |= rc
    codes = sorted(codes)

    # the outcome, for native vs wasm: everything a person or a program sees
    o = {'case': name, 'lang': lang, 'exit': code, 'codes': codes,
         'stderr': err if len(err_b) <= 4096 else {'bytes': len(err_b), 'sha256': hashlib.sha256(err_b).hexdigest(), 'head': err[:300]},
         'stdout': out_meta}
    if os.path.exists(os.path.join(run, 'text')):
        o['text'] = meta(os.path.join(run, 'text'))
    with open(outcomes, 'a', encoding='utf-8') as f:
        f.write(json.dumps(o, ensure_ascii=False, sort_keys=True) + '\n')

    problems = []
    if code == 124:
        problems.append('hang: killed after the timeout')
    elif code not in EXIT_OK or re.search(r'Aborted\(|RuntimeError|terminate called|Segmentation fault', err[:LINE_CAP]):
        problems.append('crash: exit %d %s' % (code, err[:200].strip()))
    crashed = bool(problems)

    gap = c.get('known_gap')
    if gap:
        now = c.get('now', {})
        changed = []
        if code != now.get('exit'):
            changed.append('exit %d (was %s)' % (code, now.get('exit')))
        if 'codes' in now and codes != sorted(now['codes']):
            changed.append('codes %s (were %s)' % (codes, sorted(now['codes'])))
        note = ('; behaviour changed: ' + ', '.join(changed) + ' — if the gap is fixed, replace "known_gap"/"now" '
                'with the expectations') if changed else ''
        if crashed and code != now.get('exit'):   # a crash or hang is a known gap only when recorded as such
            print('FAIL %s [%s]: %s (known gap: %s)' % (name, lang, '; '.join(problems), gap))
            return 'fail'
        print('GAP  %s [%s]: %s%s' % (name, lang, gap, note))
        return 'gap'

    if not crashed:
        if code != c['exit']:
            problems.append('exit %d, expected %d' % (code, c['exit']))
        want = sorted(c.get('codes', []))
        if codes != want:
            problems.append('codes %s, expected %s%s' % (codes, want, (' (' + rep_note + ')') if rep_note else ''))
        readable = err + '\n' + '\n'.join(texts) + '\n' + text_rep
        sub = c.get(lang)
        if sub and sub not in readable:
            problems.append('the %s message does not contain %r; it says: %s' % (lang, sub, (err or ' | '.join(texts) or text_rep[-300:])[:400].strip()))
        for m in [l for l in err.split('\n') if l] + texts:
            if len(m) > MAX_MESSAGE:
                problems.append('a message of %d characters' % len(m))
            if INTERNAL.search(m[:LINE_CAP]):
                problems.append('internal text in a message: %s' % m[:200])
            if CONTROL.search(m[:LINE_CAP]):
                problems.append('control characters in a message: %r' % m[:120])
        if lang == 'zh' and err and not re.search(r'[\u4e00-\u9fff]', re.sub(r'“[^”]*”', '', err)):
            problems.append('the zh message has no Chinese of its own: ' + err[:200])
        for path, v in (c.get('report') or {}).items():
            try:
                got = dig(rep, path)
            except (KeyError, IndexError, TypeError):
                got = '(absent%s)' % ('; ' + rep_note if rep_note else '')
            if got != v:
                problems.append('report %s = %r, expected %r' % (path, got, v))
    if problems:
        print('FAIL %s [%s]: %s' % (name, lang, '; '.join(dict.fromkeys(problems))))
        return 'fail'
    print('ok   %s [%s]' % (name, lang))
    return 'ok'


def compare(a, b):
    def rows(p):
        return {(r['case'], r['lang']): r for r in (json.loads(l) for l in read(p).splitlines() if l.strip())}
    ra, rb = rows(a), rows(b)
    bad = 0
    for k in sorted(set(ra) | set(rb)):
        if ra.get(k) != rb.get(k):
            bad += 1
            print('DIFF %s [%s]:' % k)
            x, y = ra.get(k) or {}, rb.get(k) or {}
            for f in sorted(set(x) | set(y)):
                if x.get(f) != y.get(f):
                    print('  %s: %s\n  %s  vs %s' % (f, json.dumps(x.get(f), ensure_ascii=False)[:300], ' ' * len(f), json.dumps(y.get(f), ensure_ascii=False)[:300]))
    print('badfiles parity: %d run(s) compared, %d differ' % (len(set(ra) | set(rb)), bad))
    return 1 if bad or not ra else 0


def judge_all(expected, runs, outcomes):
    open(outcomes, 'w').close()
    verdicts = {}
    for c in load(expected)['cases']:
        for lang in ('en', 'zh'):
            run = os.path.join(runs, '%s.%s' % (c['name'], lang))
            if os.path.isdir(run):
                v = judge(c, lang, run, outcomes)
                prev = verdicts.get(c['name'])
                verdicts[c['name']] = 'fail' if 'fail' in (prev, v) else v
    passed = sum(v == 'ok' for v in verdicts.values())
    failed = [n for n, v in verdicts.items() if v == 'fail']
    gaps = [n for n, v in verdicts.items() if v == 'gap']
    if gaps:
        print('badfiles: %d known gap(s), not failed: %s' % (len(gaps), ', '.join(gaps)))
    print('badfiles: %d passed, %d failed%s' % (passed, len(failed), (': ' + ', '.join(failed)) if failed else ''))
    return 1 if failed or not verdicts else 0


def plan(expected, only):
    cases = [c for c in load(expected)['cases'] if only is None or c['name'] in only]
    if only and only - {c['name'] for c in cases}:
        raise SystemExit('badfiles: no case(s) ' + ', '.join(sorted(only - {c['name'] for c in cases})))
    q = shlex.quote
    print('NAMES=(%s)' % ' '.join(q(c['name']) for c in cases))
    print('TEXT=(%s)' % ' '.join('1' if c.get('text_report') else '0' for c in cases))
    for i, c in enumerate(cases):
        print('ARGS_%d=(%s)' % (i, ' '.join(q(x) for x in c['args'])))
    return 0


def main(a):
    cmd = a[0] if a else ''
    if cmd == 'plan':
        return plan(a[1], set(a[a.index('--only') + 1].split(',')) if '--only' in a else None)
    if cmd == 'judge':
        return judge_all(a[1], a[2], a[3])
    if cmd == 'compare':
        return compare(a[1], a[2])
    print(__doc__.strip())
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
