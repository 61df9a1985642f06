import mongoose from 'mongoose';
import { useTestDatabase } from '../support/db';

useTestDatabase();

const coll = () => mongoose.connection.db!.collection('one');
const d = (iso: string) => new Date(iso);

/** Evaluates expressions against a single document. */
async function evaluate(fields: Record<string, unknown>): Promise<Record<string, unknown>> {
  const [out] = await coll().aggregate([{ $project: { _id: 0, ...fields } }]).toArray();
  return out;
}

beforeAll(async () => {
  await coll().insertOne({ _id: 1 } as never);
});

describe('date expressions', () => {
  test('when $dateTrunc has a timezone, then it truncates on the local calendar of that zone', async () => {
    expect(
      await evaluate({
        day: { $dateTrunc: { date: d('2024-03-10T20:00:00Z'), unit: 'day', timezone: 'Asia/Bangkok' } },
        week: { $dateTrunc: { date: d('2024-03-13T10:00:00Z'), unit: 'week', timezone: 'Asia/Bangkok', startOfWeek: 'monday' } },
        year: { $dateTrunc: { date: d('2023-12-31T18:30:00Z'), unit: 'year', timezone: 'Asia/Bangkok' } },
        halfHourZone: { $dateTrunc: { date: d('2024-03-10T20:10:00Z'), unit: 'hour', timezone: 'Asia/Kolkata' } },
        utcDay: { $dateTrunc: { date: d('2024-03-10T20:00:00Z'), unit: 'day' } },
        twoMonths: { $dateTrunc: { date: d('2024-04-15T08:00:00Z'), unit: 'month', binSize: 2 } },
        sundayWeek: { $dateTrunc: { date: d('2024-03-13T10:00:00Z'), unit: 'week' } },
      }),
    ).toEqual({
      day: d('2024-03-10T17:00:00Z'),
      week: d('2024-03-10T17:00:00Z'),
      year: d('2023-12-31T17:00:00Z'),
      halfHourZone: d('2024-03-10T19:30:00Z'),
      utcDay: d('2024-03-10T00:00:00Z'),
      twoMonths: d('2024-03-01T00:00:00Z'),
      sundayWeek: d('2024-03-10T00:00:00Z'),
    });
  });

  test('when $week is computed, then weeks start on Sunday and days before the first Sunday are week 0', async () => {
    expect(
      await evaluate({
        firstSunday2024: { $week: d('2024-01-07T00:00:00Z') },
        saturdayBefore: { $week: d('2024-01-06T12:00:00Z') },
        newYearSunday: { $week: d('2023-01-01T00:00:00Z') },
        lastDay2023: { $week: d('2023-12-31T12:00:00Z') },
        inBangkok: { $week: { date: d('2024-01-06T18:00:00Z'), timezone: 'Asia/Bangkok' } },
      }),
    ).toEqual({ firstSunday2024: 1, saturdayBefore: 0, newYearSunday: 1, lastDay2023: 53, inBangkok: 1 });
  });

  test('when $dateAdd and $dateSubtract move by months, quarters or years, then the day is kept within the target month', async () => {
    expect(
      await evaluate({
        leapFebruary: { $dateAdd: { startDate: d('2024-01-31T00:00:00Z'), unit: 'month', amount: 1 } },
        february: { $dateAdd: { startDate: d('2023-01-31T10:00:00Z'), unit: 'month', amount: 1 } },
        back: { $dateSubtract: { startDate: d('2024-03-31T00:00:00Z'), unit: 'month', amount: 1 } },
        year: { $dateAdd: { startDate: d('2024-02-29T00:00:00Z'), unit: 'year', amount: 1 } },
        quarter: { $dateAdd: { startDate: d('2024-11-30T00:00:00Z'), unit: 'quarter', amount: 1 } },
        bangkok: { $dateAdd: { startDate: d('2024-01-30T20:00:00Z'), unit: 'month', amount: 1, timezone: 'Asia/Bangkok' } },
        days: { $dateAdd: { startDate: d('2024-02-28T00:00:00Z'), unit: 'day', amount: 2 } },
      }),
    ).toEqual({
      leapFebruary: d('2024-02-29T00:00:00Z'),
      february: d('2023-02-28T10:00:00Z'),
      back: d('2024-02-29T00:00:00Z'),
      year: d('2025-02-28T00:00:00Z'),
      quarter: d('2025-02-28T00:00:00Z'),
      bangkok: d('2024-02-28T20:00:00Z'),
      days: d('2024-03-01T00:00:00Z'),
    });
  });
});
