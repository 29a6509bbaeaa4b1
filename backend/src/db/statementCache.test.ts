import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { STATEMENT_CACHE_SIZE, withStatementCache } from './statementCache.ts';

describe('withStatementCache', () => {
  const opened: SQLite.Database[] = [];
  const open = () => {
    const sqlite = new SQLite(':memory:');
    opened.push(sqlite);
    sqlite.exec('create table t (id integer primary key, name text)');
    return sqlite;
  };
  afterEach(() => {
    for (const sqlite of opened.splice(0)) if (sqlite.open) sqlite.close();
  });

  it('prepares each SQL text once and runs it with new parameters each time', () => {
    const sqlite = open();
    const db = withStatementCache(sqlite);
    const insert = db.prepare('insert into t (name) values (?)');
    expect(db.prepare('insert into t (name) values (?)')).toBe(insert);
    expect(insert.reader).toBe(false);
    expect(insert.run(['a']).changes).toBe(1);
    expect(insert.run(['b']).changes).toBe(1);
    const select = db.prepare('select name from t where id > ? order by id');
    expect(select.reader).toBe(true);
    expect(select.all([0])).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(db.prepare('select name from t where id > ? order by id').all([1])).toEqual([{ name: 'b' }]);
  });

  it('gives a streamed query its own statement, so the cached one stays usable meanwhile', () => {
    const sqlite = open();
    const db = withStatementCache(sqlite);
    sqlite.exec("insert into t (name) values ('a'), ('b'), ('c')");
    const sql = 'select name from t order by id';
    const first = db.prepare(sql).iterate([]);
    const second = db.prepare(sql).iterate([]);
    expect(first.next().value).toEqual({ name: 'a' });
    expect(second.next().value).toEqual({ name: 'a' });
    expect([...first]).toEqual([{ name: 'b' }, { name: 'c' }]);
    expect([...second]).toEqual([{ name: 'b' }, { name: 'c' }]);
  });

  it('starts again past its size instead of growing without bound', () => {
    const sqlite = open();
    const db = withStatementCache(sqlite);
    const first = db.prepare('select 0 as n');
    for (let i = 1; i <= STATEMENT_CACHE_SIZE; i++) db.prepare(`select ${i} as n`);
    const again = db.prepare('select 0 as n');
    expect(again).not.toBe(first);
    expect(again.all([])).toEqual([{ n: 0 }]);
  });

  it('closes the connection it wraps', () => {
    const sqlite = open();
    withStatementCache(sqlite).close();
    expect(sqlite.open).toBe(false);
  });
});
