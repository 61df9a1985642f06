import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isProcessAlive } from '../db/embedded/lock';

/**
 * The file in DATA_DIR where a running server tells admin commands how to reach it: its embedded
 * database (whenever it uses the embedded store, which only one process may open) and, in local
 * mode, its fake LINE API. The name predates real channels on the embedded store; tools read it.
 */
export const SERVER_ADDRESS_FILE = 'local-mode.json';

const serverAddressSchema = z.object({
  pid: z.number().int().positive(),
  mongoUri: z.string().startsWith('mongodb://').optional(),
  lineApiUrl: z.url().optional(),
});

export type ServerAddress = z.infer<typeof serverAddressSchema>;

/**
 * Writes the server's addresses for admin commands (atomically, readable by its owner only) and
 * returns what removes them at shutdown.
 */
export function publishServerAddress(dataDir: string, address: Omit<ServerAddress, 'pid'>): () => void {
  const file = path.join(dataDir, SERVER_ADDRESS_FILE);
  const pending = `${file}.${process.pid}.tmp`;
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(pending, JSON.stringify({ ...address, pid: process.pid }), { mode: 0o600 });
  fs.renameSync(pending, file);
  return () => {
    // Only our own: never the file of another server that started on this DATA_DIR since.
    if (readServerAddress(dataDir)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
}

/** The addresses of the server running on this DATA_DIR; undefined when none is (or it died). */
export function readServerAddress(dataDir: string): ServerAddress | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, SERVER_ADDRESS_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = serverAddressSchema.safeParse(json);
  return parsed.success && isProcessAlive(parsed.data.pid) ? parsed.data : undefined;
}
