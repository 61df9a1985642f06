import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDotEnv } from '../../../src/config';

describe('loadDotEnv', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dotenv-test-'));
  const names = ['DOTENV_TEST_PORT', 'DOTENV_TEST_HOST'];
  afterEach(() => names.forEach((n) => delete process.env[n]));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('when a .env file exists, then its variables are read and the real environment wins', () => {
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, 'DOTENV_TEST_PORT=4000\nDOTENV_TEST_HOST=0.0.0.0\n');
    process.env.DOTENV_TEST_HOST = '127.0.0.2';
    loadDotEnv(file);
    expect(process.env.DOTENV_TEST_PORT).toBe('4000');
    expect(process.env.DOTENV_TEST_HOST).toBe('127.0.0.2');
  });

  it('when there is no .env file, then nothing happens', () => {
    expect(() => loadDotEnv(path.join(dir, 'missing.env'))).not.toThrow();
    expect(process.env.DOTENV_TEST_PORT).toBeUndefined();
  });
});
