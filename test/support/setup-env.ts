// Tests run in UTC on purpose: every date the app shows must still come out in Bangkok time.
process.env.TZ = 'UTC';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.NODE_ENV = 'test';
