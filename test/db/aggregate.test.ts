import mongoose from 'mongoose';
import { useTestDatabase } from '../support/db';

useTestDatabase();

const Department = mongoose.model('Department', new mongoose.Schema({ code: String, name: String }));
const Complaint = mongoose.model(
  'Complaint',
  new mongoose.Schema({ dept: String, status: String, score: Number, tags: [String], filedAt: Date }),
);

// 2023-12-31T18:30Z is already 2024-01-01 01:30 in Bangkok (UTC+7).
const rows = [
  { dept: 'road', status: 'open', score: 4, tags: ['a', 'b'], filedAt: new Date('2023-12-31T18:30:00Z') },
  { dept: 'road', status: 'closed', score: 2, tags: ['a'], filedAt: new Date('2024-01-15T03:00:00Z') },
  { dept: 'water', status: 'open', score: 5, tags: [], filedAt: new Date('2024-02-01T20:00:00Z') },
  { dept: 'water', status: 'open', score: 15, tags: ['c'], filedAt: new Date('2024-02-02T01:00:00Z') },
  { dept: 'waste', status: 'closed', score: 25, tags: ['a', 'c'], filedAt: new Date('2024-03-10T12:00:00Z') },
];

beforeAll(async () => {
  await Department.insertMany([{ code: 'road', name: 'Roads' }, { code: 'water', name: 'Water' }]);
  await Complaint.insertMany(rows);
});

describe('aggregation', () => {
  test('when grouping with $sum, $avg, $min, $max, $push and $first, then each group is computed', async () => {
    const out = await Complaint.aggregate([
      { $sort: { score: 1 } },
      { $group: { _id: '$dept', n: { $sum: 1 }, total: { $sum: '$score' }, avg: { $avg: '$score' }, lo: { $min: '$score' }, hi: { $max: '$score' }, scores: { $push: '$score' }, first: { $first: '$status' } } },
      { $sort: { _id: 1 } },
    ]);
    expect(out).toEqual([
      { _id: 'road', n: 2, total: 6, avg: 3, lo: 2, hi: 4, scores: [2, 4], first: 'closed' },
      { _id: 'waste', n: 1, total: 25, avg: 25, lo: 25, hi: 25, scores: [25], first: 'closed' },
      { _id: 'water', n: 2, total: 20, avg: 10, lo: 5, hi: 15, scores: [5, 15], first: 'open' },
    ]);
  });

  test('when $match, $project, $addFields, $skip, $limit run, then the shaped page is returned', async () => {
    const out = await Complaint.aggregate([
      { $match: { status: 'open' } },
      { $addFields: { double: { $multiply: ['$score', 2] } } },
      { $project: { _id: 0, dept: 1, double: 1 } },
      { $sort: { double: -1 } },
      { $skip: 1 },
      { $limit: 1 },
    ]);
    expect(out).toEqual([{ dept: 'water', double: 10 }]);
  });

  test('when $unwind, $sortByCount and $count run, then tags are counted', async () => {
    const byTag = await Complaint.aggregate([{ $unwind: '$tags' }, { $sortByCount: '$tags' }, { $sort: { count: -1, _id: 1 } }]);
    expect(byTag).toEqual([{ _id: 'a', count: 3 }, { _id: 'c', count: 2 }, { _id: 'b', count: 1 }]);
    expect(await Complaint.aggregate([{ $match: { score: { $gt: 3 } } }, { $count: 'n' }])).toEqual([{ n: 4 }]);
  });

  test('when $lookup joins another collection, then matching documents are attached', async () => {
    const out = await Complaint.aggregate([
      { $match: { status: 'closed' } },
      { $lookup: { from: Department.collection.name, localField: 'dept', foreignField: 'code', as: 'department' } },
      { $project: { _id: 0, dept: 1, names: '$department.name' } },
      { $sort: { dept: 1 } },
    ]);
    expect(out).toEqual([{ dept: 'road', names: ['Roads'] }, { dept: 'waste', names: [] }]);
  });

  test('when $facet runs sub-pipelines, then each facet is computed over the same input', async () => {
    const [out] = await Complaint.aggregate([
      { $facet: { total: [{ $count: 'n' }], open: [{ $match: { status: 'open' } }, { $count: 'n' }] } },
    ]);
    expect(out).toEqual({ total: [{ n: 5 }], open: [{ n: 3 }] });
  });

  test('when $bucket groups scores, then documents fall into the right ranges and the default', async () => {
    const out = await Complaint.aggregate([
      { $bucket: { groupBy: '$score', boundaries: [0, 5, 20], default: 'high', output: { n: { $sum: 1 } } } },
    ]);
    expect(out).toEqual([{ _id: 0, n: 2 }, { _id: 5, n: 2 }, { _id: 'high', n: 1 }]);
  });

  test('when dates are formatted and split in Asia/Bangkok, then the local calendar day is used', async () => {
    const out = await Complaint.aggregate([
      { $sort: { filedAt: 1 } },
      { $limit: 1 },
      {
        $project: {
          _id: 0,
          day: { $dateToString: { date: '$filedAt', format: '%Y-%m-%d %H:%M', timezone: 'Asia/Bangkok' } },
          utcDay: { $dateToString: { date: '$filedAt', format: '%Y-%m-%d' } },
          year: { $year: { date: '$filedAt', timezone: 'Asia/Bangkok' } },
          month: { $month: { date: '$filedAt', timezone: 'Asia/Bangkok' } },
          dom: { $dayOfMonth: { date: '$filedAt', timezone: 'Asia/Bangkok' } },
        },
      },
    ]);
    expect(out).toEqual([{ day: '2024-01-01 01:30', utcDay: '2023-12-31', year: 2024, month: 1, dom: 1 }]);
  });

  test('when grouping by Bangkok month, then the year-end complaint counts in January', async () => {
    const out = await Complaint.aggregate([
      { $group: { _id: { $dateToString: { date: '$filedAt', format: '%Y-%m', timezone: 'Asia/Bangkok' } }, n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    expect(out).toEqual([{ _id: '2024-01', n: 2 }, { _id: '2024-02', n: 2 }, { _id: '2024-03', n: 1 }]);
  });

  test('when an aggregation adds fields, then the stored documents are unchanged', async () => {
    await Complaint.aggregate([{ $addFields: { status: 'changed', 'extra.x': 1 } }]);
    expect(await Complaint.countDocuments({ status: 'changed' })).toBe(0);
    expect(await Complaint.countDocuments({ extra: { $exists: true } })).toBe(0);
  });

  test('when countDocuments runs with a filter, then it counts the matches', async () => {
    expect(await Complaint.countDocuments({ dept: 'water' })).toBe(2);
  });
});

describe('aggregation operators the app relies on, and those mingo gets wrong', () => {
  test('when $cond, $ifNull and expression $eq compute fields, then each document gets its own value', async () => {
    const out = await Complaint.aggregate([
      { $sort: { score: 1 } },
      {
        $project: {
          _id: 0,
          open: { $cond: [{ $eq: ['$status', 'open'] }, 1, 0] },
          firstTag: { $ifNull: [{ $arrayElemAt: ['$tags', 0] }, 'none'] },
          // Expression $eq compares whole values: an array is not equal to one of its elements.
          tagsIsA: { $eq: ['$tags', 'a'] },
        },
      },
    ]);
    expect(out).toEqual([
      { open: 0, firstTag: 'a', tagsIsA: false },
      { open: 1, firstTag: 'a', tagsIsA: false },
      { open: 1, firstTag: 'none', tagsIsA: false },
      { open: 1, firstTag: 'c', tagsIsA: false },
      { open: 0, firstTag: 'a', tagsIsA: false },
    ]);
  });

  test('when $top and $bottom pick from a group, then each gives the single value, not an array', async () => {
    const out = await Complaint.aggregate([
      { $group: { _id: '$dept', best: { $top: { sortBy: { score: -1 }, output: '$score' } }, worst: { $bottom: { sortBy: { score: -1 }, output: '$score' } } } },
      { $sort: { _id: 1 } },
    ]);
    expect(out).toEqual([
      { _id: 'road', best: 4, worst: 2 },
      { _id: 'waste', best: 25, worst: 25 },
      { _id: 'water', best: 15, worst: 5 },
    ]);
  });

  test('when $bucket has no default and a value falls outside every bucket, then the aggregate fails with 40066', async () => {
    await expect(Complaint.aggregate([{ $bucket: { groupBy: '$score', boundaries: [0, 10] } }])).rejects.toMatchObject({ code: 40066 });
  });

  test('when $bucket boundaries are not in ascending order, then the aggregate fails with 40194', async () => {
    await expect(Complaint.aggregate([{ $bucket: { groupBy: '$score', boundaries: [10, 5], default: 'x' } }])).rejects.toMatchObject({ code: 40194 });
  });

  test('when a $bucket default is lower than every boundary, then its bucket sorts first, as MongoDB sorts _id', async () => {
    const out = await Complaint.aggregate([{ $bucket: { groupBy: '$score', boundaries: [5, 20], default: -1 } }]);
    expect(out).toEqual([{ _id: -1, count: 3 }, { _id: 5, count: 2 }]);
  });
});

