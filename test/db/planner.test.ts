import { Long, ObjectId } from 'bson';
import { candidates, matching } from '../../src/db/embedded/query';
import { Store } from '../../src/db/embedded/storage';

// Embedded internals (no server): equality lookups must come from an index, not a scan.
function seeded() {
  const store = new Store();
  const coll = store.ensureCollection('db', 'users');
  coll.createIndex({ key: { email: 1 }, name: 'email_1', unique: true });
  coll.createIndex({ key: { org: 1, n: 1 }, name: 'org_1_n_1' });
  coll.createIndex({ key: { ref: 1 }, name: 'ref_1', partialFilterExpression: { ref: { $exists: true } } });
  coll.createIndex({ key: { code: 1 }, name: 'code_1', unique: true, partialFilterExpression: { code: { $type: 'string' } } });
  coll.createIndex({ key: { seat: 1 }, name: 'seat_1', partialFilterExpression: { active: true } });
  const ids: ObjectId[] = [];
  for (let i = 0; i < 1000; i++) {
    const doc = coll.insert({ email: `u${i}@x`, org: `o${i % 10}`, n: i, tags: [`t${i % 3}`], ref: `r${i}`, code: i % 2 ? `c${i}` : i, seat: i % 7, active: i % 2 === 0 });
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
  });

  test('when an _id $in repeats a value, also as 1, 1.0 or Long(1), then each document is a candidate once', () => {
    const store = new Store();
    const coll = store.ensureCollection('db', 'nums');
    coll.insert({ _id: 1 });
    coll.insert({ _id: 2 });
    expect(count(candidates(coll, { _id: { $in: [1, 1, 1.0, Long.fromNumber(1), 2, 2] } }))).toBe(2);
    expect(matching(coll, { _id: { $in: [1, Long.fromNumber(1)] } }, {})).toHaveLength(1);
  });

  test('when the equality value satisfies a partial index filter on that field, then the partial index answers it', () => {
    const { coll } = seeded();
    expect(count(candidates(coll, { ref: 'r1' }))).toBe(1);
    expect(count(candidates(coll, { code: 'c7' }))).toBe(1);
    expect(matching(coll, { code: 'c7' }, {})).toHaveLength(1);
  });

  test('when the filter does not imply the partial index filter, then the partial index is not used and nothing is missed', () => {
    const { coll } = seeded();
    // 8 is a number: documents with code 8 are outside the {$type: 'string'} index.
    expect(count(candidates(coll, { code: 8 }))).toBe(1000);
    expect(matching(coll, { code: 8 }, {})).toHaveLength(1);
    // seat_1 only holds active documents: without active: true in the filter it would miss matches.
    const seat3 = Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 7 === 3);
    expect(count(candidates(coll, { seat: 3 }))).toBe(1000);
    expect(matching(coll, { seat: 3 }, {})).toHaveLength(seat3.length);
    const activeSeat3 = seat3.filter((i) => i % 2 === 0).length;
    expect(count(candidates(coll, { seat: 3, active: true }))).toBe(activeSeat3);
    expect(matching(coll, { seat: 3, active: true }, {})).toHaveLength(activeSeat3);
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
