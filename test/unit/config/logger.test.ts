import { errorText } from '../../../src/shared/logger';
import { capturingLogger } from '../shared/capturing-logger';

describe('logger', () => {
  const originalLevel = process.env.LOG_LEVEL;
  afterEach(() => {
    process.env.LOG_LEVEL = originalLevel;
  });

  it('when personal fields are logged at the top level, then they are redacted and ids of our own records are kept', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ userId: 'U123', text: 'ถนนพัง', displayName: 'สมชาย', phone: '0812345678', name: 'สมชาย ใจดี', lineUserId: 'U456', to: 'U789', caseId: 'C2569-00042' }, 'x');
    const [line] = lines();
    for (const field of ['userId', 'text', 'displayName', 'phone', 'name', 'lineUserId', 'to']) expect(line[field]).toBe('[redacted]');
    expect(line.caseId).toBe('C2569-00042');
    expect(JSON.stringify(line)).not.toMatch(/U123|ถนนพัง|สมชาย|0812345678|U456|U789/);
  });

  it('when personal fields are nested one or two levels down, then they are redacted too', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ event: { source: { userId: 'U1' }, message: { text: 'hello' } }, officer: { phone: '0899999999' } }, 'x');
    expect(JSON.stringify(lines()[0])).not.toMatch(/U1|hello|0899999999/);
  });

  it('when personal fields sit in an array, then they are redacted, and the object the caller logged is left as it was', () => {
    const { logger, lines } = capturingLogger();
    const logged = { recipients: [{ userId: 'U1', caseId: 'C1' }], headers: { authorization: 'Bearer secret', 'x-line-signature': 'sig' } };
    logger.info(logged, 'x');
    expect(lines()[0]).toMatchObject({ recipients: [{ userId: '[redacted]', caseId: 'C1' }], headers: { authorization: '[redacted]', 'x-line-signature': '[redacted]' } });
    expect(logged).toEqual({ recipients: [{ userId: 'U1', caseId: 'C1' }], headers: { authorization: 'Bearer secret', 'x-line-signature': 'sig' } });
  });

  it('when an error is logged under err, as an Error or as its message, then what it quotes from the data is scrubbed', () => {
    const { logger, lines } = capturingLogger();
    const err = new Error(`E11000 duplicate key error dup key: { lineId: "U${'ab'.repeat(16)}", phone: "0812345678" }`);
    logger.error({ err }, 'x');
    logger.error({ err: err.message }, 'x');
    for (const line of lines()) {
      expect(line.err).toBe('E11000 duplicate key error dup key: { … }');
    }
  });

  it('when errorText describes a failure, then LINE ids, long numbers, quoted values and Thai text are gone and the rest is kept', () => {
    expect(errorText(new Error(`user U${'0f'.repeat(16)} phone 0899999999 said "ถนนพัง" in ห้อง`))).toBe('user [id] phone [n] said "…" in …');
    expect(errorText('plain string')).toBe('plain string');
    expect(errorText(undefined)).toBe('undefined');
  });

  it.each([['loud'], [''], ['INFO']])('when LOG_LEVEL is %j, then the logger still loads, at info', (level) => {
    process.env.LOG_LEVEL = level;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../../src/shared/logger') as typeof import('../../../src/shared/logger');
      expect(fresh.logger.level).toBe('info');
      fresh.setLogLevel(level);
      expect(fresh.logger.level).toBe('info');
    });
  });
});
