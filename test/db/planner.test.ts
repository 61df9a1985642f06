import { ObjectId } from 'bson';
import { candidates, matching } from '../../src/db/embedded/query';
import { Store } from '../../src/db/embedded/storage';

// Embedded internals (no server): equality lookups must come from an index, not a scan.
function seeded() {
  const store = new Store();
  const coll = store.ensureCollection('db', 'users');
  coll.createIndex({ key: { email: 1 }, name: 'email_1', unique: true });
  coll.createIndex({ key: { org: 1, n: 1 }, name: 'org_1_n_1' });
  coll.createIndex({ key: { ref: 1 }, name: 'ref_1', partialFilterExpression: { ref: { $exists: true } } });
  const ids: ObjectId[] = [];
  for (let i = 0; i < 1000; i++) {
    const doc = coll.insert({ email: `u${i}@x`, org: `o${i % 10}`, n: i, tags: [`t${i % 3}`], ref: `r${i}` });
    ids.push(doc._id as ObjectId);
  }
  return { coll, ids };
}

const count = (it: Iterable<unknown>) => [...it].length;

describe('query planner', () => {
  test('when a filter has an equality on _id or a unique field, then one candidate is examined', () => {
    const { coll, ids } = seeded();
    expect(count(candidates(coll, { _id: ids[5] }))).toBe(1);
    expect(count(candidates(coll, { email: 'u5@x', n: { $gt: 0 } }))).toBe(1);
    expect(count(candidates(coll, { email: { $in: ['u1@x', 'u2@x'] } }))).toBe(2);
    expect(count(candidates(coll, { $and: [{ email: { $eq: 'u9@x' } }] }))).toBe(1);
  });

  test('when a filter has an equality on the leading field of a compound index, then only that group is examined', () => {
    const { coll } = seeded();
    expect(count(candidates(coll, { org: 'o3' }))).toBe(100);
  });

  test('when no usable index applies, then every document is a candidate and mingo decides', () => {
    const { coll } = seeded();
    expect(count(candidates(coll, { n: 5 }))).toBe(1000);
    // A partial index may not hold every match, so it is never used for lookups.
    expect(count(candidates(coll, { ref: 'r1' }))).toBe(1000);
    expect(matching(coll, { ref: 'r1' }, {})).toHaveLength(1);
  });

  test('when a document is updated or removed, then the index follows it', () => {
    const { coll } = seeded();
    const [doc] = matching(coll, { email: 'u1@x' }, {});
    coll.replace(doc, { ...doc, email: 'changed@x' });
    expect(count(candidates(coll, { email: 'u1@x' }))).toBe(0);
    expect(matching(coll, { email: 'changed@x' }, {})).toHaveLength(1);
    coll.remove(matching(coll, { email: 'changed@x' }, {})[0]);
    expect(count(candidates(coll, { email: 'changed@x' }))).toBe(0);
  });
});
