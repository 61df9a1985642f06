import { Writable } from 'node:stream';
import { createLogger } from '../../../src/shared/logger';

/** A logger like the app's (redaction, serializers), at info, writing its JSON lines into an array. */
export function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger(stream);
  logger.level = 'info';
  return { logger, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}
