#!/usr/bin/env python3
# Name index layouts tried for issue 16 (docs/matching.md section 7): builds layout C (one WITHOUT
# ROWID table of kind-prefixed text term and text person id) and D (FTS5, contentless,
# detail=none, one document of terms a person) with SQL from the person_name_keys rows of a
# database made before migration V011 (e.g. lb_bench_search's cache built by an older binary),
# for its first 50,000 persons, into OUT; prints bytes a person and probe latency beside
# layout A (the old rows), and B when given a migrated copy of the same database.
#
#   bench/tools/name_index_layouts.py OLD.db OUT.db [MIGRATED.db]
import sqlite3, sys, time, random, statistics
base, out = sys.argv[1], sys.argv[2]
c = sqlite3.connect(out)
c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA cache_size=-400000")
c.execute(f"ATTACH '{base}' AS b")
def size(names):
    q = "SELECT COALESCE(SUM(pgsize),0) FROM dbstat('main') WHERE name IN (%s)" % ",".join("?"*len(names))
    return c.execute(q, names).fetchone()[0]
N = 50000
c.execute(f"CREATE TEMP TABLE pick AS SELECT id FROM b.persons ORDER BY id LIMIT {N}")
c.execute("CREATE TEMP TABLE k AS SELECT * FROM b.person_name_keys WHERE person_id IN (SELECT id FROM pick)")
terms_sql = """SELECT 'k'||key t, person_id FROM k WHERE key <> ''
  UNION SELECT 'w'||word, person_id FROM k WHERE word <> ''
  UNION SELECT 's'||skeleton, person_id FROM k WHERE skeleton <> ''"""
if c.execute("SELECT count(*) FROM sqlite_master WHERE name='c_terms'").fetchone()[0] == 0:
    t0 = time.time()
    c.execute("CREATE TABLE c_terms (term TEXT NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (term, person_id)) WITHOUT ROWID")
    c.execute(f"INSERT INTO c_terms SELECT t, person_id FROM ({terms_sql}) ORDER BY 1, 2")
    c.commit()
    print("C build (SQL from the old rows, keys not computed): %.1f s" % (time.time() - t0), flush=True)
if c.execute("SELECT count(*) FROM sqlite_master WHERE name='d_fts'").fetchone()[0] == 0:
    t0 = time.time()
    c.execute("CREATE VIRTUAL TABLE d_fts USING fts5(terms, content='', columnsize=0, detail=none, tokenize='ascii')")
    # by person: terms grouped from C (sorted by term; group in person order)
    c.execute("CREATE TEMP TABLE pt AS SELECT p.rowid AS r, x.term AS t FROM b.persons p JOIN c_terms x ON x.person_id = p.id")
    c.execute("INSERT INTO d_fts (rowid, terms) SELECT r, group_concat(t, ' ') FROM (SELECT r, t FROM pt ORDER BY r) GROUP BY r")
    c.execute("INSERT INTO d_fts (d_fts) VALUES ('optimize')")
    c.commit()
    print("D build (SQL from the old rows, keys not computed): %.1f s" % (time.time() - t0), flush=True)
print("bytes per person (%d persons): C %.0f   D %.0f" % (N, size(["c_terms"]) / N,
      size([r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE name LIKE 'd_fts%'")]) / N), flush=True)
# probes: random existing terms
random.seed(7)
sample = [r[0] for r in c.execute("SELECT term FROM (SELECT term FROM c_terms WHERE term >= 'k' AND term < 'l' GROUP BY term) ORDER BY random() LIMIT 300")]
def timeit(fn):
    ms = []
    for t in sample:
        t0 = time.perf_counter(); fn(t); ms.append((time.perf_counter() - t0) * 1000)
    ms.sort(); return ms[len(ms)//2], ms[int(len(ms)*0.95)]
print("A exact  p50/p95 ms: %.3f %.3f" % timeit(lambda t: c.execute("SELECT DISTINCT person_id FROM (SELECT person_id FROM b.person_name_keys WHERE key = ? ORDER BY person_id LIMIT 200) ORDER BY person_id", (t[1:],)).fetchall()))
print("C exact  p50/p95 ms: %.3f %.3f" % timeit(lambda t: c.execute("SELECT person_id FROM c_terms WHERE term = ? ORDER BY person_id LIMIT 200", (t,)).fetchall()))
print("D exact  p50/p95 ms: %.3f %.3f" % timeit(lambda t: c.execute("SELECT rowid FROM d_fts WHERE d_fts MATCH ? LIMIT 200", ('"%s"' % t.lower(),)).fetchall()))
print("A prefix p50/p95 ms: %.3f %.3f" % timeit(lambda t: c.execute("SELECT person_id FROM b.person_name_keys WHERE key >= ? AND key < ? ORDER BY key, person_id LIMIT 200", (t[1:3], t[1:3] + '\U0010ffff')).fetchall()))
print("C prefix p50/p95 ms: %.3f %.3f" % timeit(lambda t: c.execute("SELECT person_id FROM c_terms WHERE term >= ? AND term < ? ORDER BY term, person_id LIMIT 200", (t[:3], t[:3] + '\U0010ffff')).fetchall()))
print("D prefix p50/p95 ms: %.3f %.3f" % timeit(lambda t: c.execute("SELECT rowid FROM d_fts WHERE d_fts MATCH ? LIMIT 200", ('"%s"*' % t[:3].lower(),)).fetchall()))
if len(sys.argv) > 3:  # B: the new layout in the migrated copy
    c.execute(f"ATTACH '{sys.argv[3]}' AS n")
    print("B exact  p50/p95 ms: %.3f %.3f" % timeit(lambda t: c.execute("SELECT ref FROM n.person_name_terms WHERE term_id = (SELECT id FROM n.name_terms WHERE term = ?) ORDER BY ref LIMIT 200", (t,)).fetchall()))
    print("B prefix p50/p95 ms: %.3f %.3f" % timeit(lambda t: c.execute("SELECT p.ref FROM n.name_terms t JOIN n.person_name_terms p ON p.term_id = t.id WHERE t.term >= ? AND t.term < ? ORDER BY t.term, p.ref LIMIT 200", (t[:3], t[:3] + '\U0010ffff')).fetchall()))
