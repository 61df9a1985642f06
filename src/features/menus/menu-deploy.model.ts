import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One rich menu created at LINE from one content hash of a spec and its image. Versions are kept
 * (the last few per alias) so an alias can be pointed back at an older one (rollback).
 */
const menuVersionSchema = new Schema(
  {
    alias: { type: String, required: true },
    /** sha256 of the LINE menu object and the image bytes. */
    hash: { type: String, required: true },
    richMenuId: { type: String, required: true },
    /** Order of creation per alias (1, 2, 3 ...), so rollback never depends on equal timestamps. */
    seq: { type: Number, required: true },
    imageBytes: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    deletedAt: { type: Date },
  },
  { collection: 'menu_versions', versionKey: false },
);
menuVersionSchema.index({ alias: 1, seq: -1 });
menuVersionSchema.index({ richMenuId: 1 }, { unique: true });
export type MenuVersionDoc = InferSchemaType<typeof menuVersionSchema>;
export const MenuVersionModel = mongoose.model('MenuVersion', menuVersionSchema);

/** What is live: one document per alias, plus the default menu and the officers' links. */
const menuLiveSchema = new Schema(
  {
    _id: { type: String },
    aliases: { type: [{ _id: false, alias: String, richMenuId: String, hash: String }], default: [] },
    defaultRichMenuId: { type: String },
    /** The menu every active officer was last linked to, and who they were. */
    officerLink: { richMenuId: { type: String }, userIds: { type: [String], default: [] } },
    updatedAt: { type: Date },
  },
  { collection: 'menu_live', versionKey: false },
);
export const MenuLiveModel = mongoose.model('MenuLive', menuLiveSchema);
export const LIVE_ID = 'live';

/** One `apply` or `rollback`: who, when, and every change made at LINE. */
const menuDeploymentSchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    kind: { type: String, enum: ['apply', 'rollback'], required: true },
    status: { type: String, enum: ['ok', 'failed'], required: true },
    error: { type: String },
    /** Rich menus created (counted against LINE's 100 creations per hour). */
    creations: { type: Number, required: true, default: 0 },
    /** Rich menus deleted at LINE (counted against LINE's 100 deletions per hour). */
    deletions: { type: Number, default: 0 },
    created: { type: [{ _id: false, alias: String, richMenuId: String, hash: String }], default: [] },
    repointed: { type: [{ _id: false, alias: String, from: String, to: String }], default: [] },
    defaultRichMenuId: { type: String },
    officersLinked: { type: Number, default: 0 },
    officersUnlinked: { type: Number, default: 0 },
    deleted: { type: [{ _id: false, alias: String, richMenuId: String }], default: [] },
    /** Aliases taken down because their spec file was removed (the menu versions are kept). */
    removed: { type: [{ _id: false, alias: String, richMenuId: String }], default: [] },
  },
  { collection: 'menu_deployments', versionKey: false },
);
menuDeploymentSchema.index({ at: -1 });
export type MenuDeploymentDoc = InferSchemaType<typeof menuDeploymentSchema>;
export const MenuDeploymentModel = mongoose.model('MenuDeployment', menuDeploymentSchema);
