import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket } from 'mongodb';
import mongoose from 'mongoose';
import { useTestDatabase } from '../support/db';

useTestDatabase();

async function upload(bucket: GridFSBucket, name: string, data: Buffer): Promise<mongoose.mongo.ObjectId> {
  const stream = bucket.openUploadStream(name, { metadata: { caseId: 'C2569-00001' }, chunkSizeBytes: 64 * 1024 });
  await pipeline(Readable.from([data]), stream);
  return stream.id;
}

async function download(bucket: GridFSBucket, id: mongoose.mongo.ObjectId): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of bucket.openDownloadStream(id)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('GridFS', () => {
  test('when a photo spanning several chunks is uploaded, then it downloads byte for byte', async () => {
    const bucket = new GridFSBucket(mongoose.connection.db!, { bucketName: 'photos' });
    const data = randomBytes(300 * 1024);
    const id = await upload(bucket, 'pothole.jpg', data);
    expect((await download(bucket, id)).equals(data)).toBe(true);
    const [file] = await bucket.find({ _id: id }).toArray();
    expect(file).toMatchObject({ filename: 'pothole.jpg', length: data.length, metadata: { caseId: 'C2569-00001' } });
    expect(await mongoose.connection.db!.collection('photos.chunks').countDocuments({ files_id: id })).toBe(5);
  });

  test('when a file is deleted, then its metadata and chunks are gone and downloading fails', async () => {
    const bucket = new GridFSBucket(mongoose.connection.db!, { bucketName: 'photos' });
    const id = await upload(bucket, 'gone.jpg', randomBytes(1000));
    await bucket.delete(id);
    expect(await bucket.find({ _id: id }).toArray()).toEqual([]);
    expect(await mongoose.connection.db!.collection('photos.chunks').countDocuments({ files_id: id })).toBe(0);
    await expect(download(bucket, id)).rejects.toThrow(/FileNotFound|not found/i);
  });

  test('when files are found by metadata, then only the matching files are listed', async () => {
    const bucket = new GridFSBucket(mongoose.connection.db!, { bucketName: 'docs' });
    await upload(bucket, 'a.pdf', Buffer.from('a'));
    await upload(bucket, 'b.pdf', Buffer.from('b'));
    const names = (await bucket.find({ filename: 'b.pdf' }).toArray()).map((f) => f.filename);
    expect(names).toEqual(['b.pdf']);
  });
});
