import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { AdminError, adminConfig, configureAdminLine, configureAdminLineIfReachable, connectAdminDatabase } from '../../../src/admin/admin-connection';
import { publishServerAddress, readServerAddress, SERVER_ADDRESS_FILE } from '../../../src/admin/server-address';
import { loadConfig, type AppConfig } from '../../../src/config';
import { EMBEDDED_DB_NAME } from '../../../src/db/connection';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../src/db/embedded';
import { createFakeLineApi } from '../../../src/line/fake/fake-line-api';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-conn-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A process id that no longer runs. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number;
}

/** What an admin command would do: connect as admin commands do, write one record, disconnect. */
async function writeAsAdmin(config: AppConfig, name: string): Promise<void> {
  const handle = await connectAdminDatabase(config);
  await mongoose.connection.db!.collection('admin_probe').insertOne({ name });
  await handle.close();
}

async function namesAt(uri: string): Promise<string[]> {
  const client = await MongoClient.connect(uri);
  try {
    return (await client.db(EMBEDDED_DB_NAME).collection('admin_probe').find().toArray()).map((d) => d.name as string);
  } finally {
    await client.close();
  }
}

/** The records in an embedded store's file, read by starting a server on it. */
async function namesInFile(dataFile: string): Promise<string[]> {
  const server = await startEmbeddedMongo({ dataFile });
  try {
    return await namesAt(server.uri);
  } finally {
    await server.stop();
  }
}

describe('connectAdminDatabase', () => {
  let running: EmbeddedMongo | undefined;
  afterEach(async () => {
    await mongoose.disconnect();
    await running?.stop();
    running = undefined;
  });

  it('when no server runs on the data directory, then the command opens the embedded store file itself', async () => {
    const dataDir = tempDir();
    await writeAsAdmin(loadConfig({ DATA_DIR: dataDir }), 'written-by-admin');
    expect(await namesInFile(path.join(dataDir, 'embedded-db.bson'))).toEqual(['written-by-admin']);
  });

  it('when a server (local mode or a real channel) runs on the embedded store, then the command writes to that server, not to a copy of the file', async () => {
    const dataDir = tempDir();
    running = await startEmbeddedMongo({ dataFile: path.join(tempDir(), 'server.bson') });
    const unpublish = publishServerAddress(dataDir, { mongoUri: running.uri });
    const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't', DATA_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') });
    await writeAsAdmin(config, 'seen-by-server');
    expect(await namesAt(running.uri)).toEqual(['seen-by-server']);
    expect(fs.existsSync(path.join(dataDir, 'embedded-db.bson'))).toBe(false);
    unpublish();
    expect(fs.existsSync(path.join(dataDir, SERVER_ADDRESS_FILE))).toBe(false);
  });

  it('when the server that published its address has died, then the file is ignored and the command opens the store itself', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, SERVER_ADDRESS_FILE), JSON.stringify({ pid: deadPid(), mongoUri: 'mongodb://127.0.0.1:9/' }));
    expect(readServerAddress(dataDir)).toBeUndefined();
    await writeAsAdmin(loadConfig({ DATA_DIR: dataDir }), 'after-crash');
    expect(await namesInFile(path.join(dataDir, 'embedded-db.bson'))).toEqual(['after-crash']);
  });

  it('when a running server does not answer at its address, then the command stops with a one-line reason naming the file', async () => {
    const dataDir = tempDir();
    const closed = await startEmbeddedMongo();
    await closed.stop();
    publishServerAddress(dataDir, { mongoUri: closed.uri });
    const attempt = connectAdminDatabase(loadConfig({ DATA_DIR: dataDir }));
    await expect(attempt).rejects.toBeInstanceOf(AdminError);
    await expect(attempt).rejects.toThrow(path.join(dataDir, SERVER_ADDRESS_FILE));
  }, 15_000);

  it('when the address file is not valid JSON, then it is ignored', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, SERVER_ADDRESS_FILE), '{"pid":');
    expect(readServerAddress(dataDir)).toBeUndefined();
  });
});

describe('configureAdminLine', () => {
  it('when in local mode with no server running, then there is no LINE to configure and the strict form says to start the server', () => {
    const config = loadConfig({ DATA_DIR: tempDir() });
    expect(configureAdminLineIfReachable(config)).toBeUndefined();
    expect(() => configureAdminLine(config)).toThrow(AdminError);
  });

  it("when in local mode with a server running, then LINE calls go to that server's fake LINE API", async () => {
    const config = loadConfig({ DATA_DIR: tempDir() });
    const fake = createFakeLineApi({ channelAccessToken: config.line.channelAccessToken });
    const app = express().use(fake.router);
    const server = await new Promise<http.Server>((resolve) => {
      const s = http.createServer(app).listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      publishServerAddress(config.dataDir, { lineApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      await configureAdminLineIfReachable(config)?.unlinkRichMenu('U_revoked');
      expect(fake.state.callsOf('richmenu.unlink').map((c) => c.path)).toEqual(['/v2/bot/user/U_revoked/richmenu']);
    } finally {
      server.close();
    }
  });
});

describe('adminConfig', () => {
  const cwd = process.cwd();
  afterEach(() => {
    process.chdir(cwd);
    delete process.env.ADMIN_USER;
    delete process.env.DATA_DIR;
  });

  /** A working directory whose .env names a data directory and an admin. */
  function directoryWithDotEnv(): string {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.env'), `DATA_DIR=${path.join(dir, 'from-dotenv')}\nADMIN_USER=dotenv-admin\n`);
    return dir;
  }

  it('when a module of the admin commands is imported, then the .env of the working directory is not read', () => {
    process.chdir(directoryWithDotEnv());
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../../../src/admin/admin-connection');
    });
    expect(process.env.ADMIN_USER).toBeUndefined();
    expect(process.env.DATA_DIR).toBeUndefined();
  });

  it('when an admin command starts, then adminConfig applies the .env of the working directory before reading the configuration', () => {
    const dir = directoryWithDotEnv();
    process.chdir(dir);
    expect(adminConfig().dataDir).toBe(path.join(dir, 'from-dotenv'));
    expect(process.env.ADMIN_USER).toBe('dotenv-admin');
  });
});
